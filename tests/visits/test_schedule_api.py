"""Reading the schedule of a location: hours, breaks, days off and bookings, in few queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.salon import make_salon, next_weekday

pytestmark = pytest.mark.django_db


def test_schedule_shows_each_staff_members_hours_breaks_days_off_and_bookings(salon, api):
    day = next_weekday(1)
    staff = salon.staff[0]
    api.put(
        f"/staff/{staff.pk}/days/{day.isoformat()}",
        {
            "start_time": "10:00",
            "end_time": "16:00",
            "breaks": [{"start": "13:00", "end": "13:30"}],
        },
    )
    api.put(f"/staff/{salon.staff[1].pk}/days/{day.isoformat()}", {"is_day_off": True})
    booking = salon.book(start=salon.at(day, "11:00"))

    data = api.get("/schedule", location_id=salon.location.pk, date=day.isoformat()).json()

    assert data["location"]["time_zone"] == "America/New_York"
    first, second = data["staff"]
    assert first["days"][0]["hours"]["start"] == salon.at(day, "10:00").isoformat()
    assert first["days"][0]["breaks"] == [
        {"start": salon.at(day, "13:00").isoformat(), "end": salon.at(day, "13:30").isoformat()}
    ]
    assert second["days"][0]["day_off"] == "day_off"
    assert second["days"][0]["hours"] is None
    assert [b["id"] for b in data["bookings"]] == [booking.pk]
    assert data["bookings"][0]["services"][0]["name"] == "Haircut"


def test_schedule_shows_vacations_and_leaves_out_deleted_bookings(salon, api):
    day = next_weekday(2)
    api.post(
        f"/staff/{salon.staff[0].pk}/time-off",
        {
            "start_date": day.isoformat(),
            "end_date": (day + timedelta(days=3)).isoformat(),
            "kind": "vacation",
        },
    )
    booking = salon.book(staff=salon.staff[1], start=salon.at(day, "12:00"))
    api.delete(f"/bookings/{booking.pk}")

    data = api.get(
        "/schedule",
        location_id=salon.location.pk,
        date=day.isoformat(),
        end_date=(day + timedelta(days=6)).isoformat(),
    ).json()

    vacation_days = [d["day_off"] for d in data["staff"][0]["days"]]
    assert vacation_days[:4] == ["vacation"] * 4 and vacation_days[4] is None
    assert data["bookings"] == []


def test_schedule_query_count_does_not_grow_with_staff_or_bookings(salon, api):
    day = next_weekday(3)
    for hour in ("09:00", "11:00", "14:00"):
        salon.book(start=salon.at(day, hour))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = api.get("/schedule", location_id=salon.location.pk, date=day.isoformat())
        assert response.status_code == 200
        return len(ctx)

    small = count()
    for hour in ("10:00", "12:00", "15:00", "17:00"):
        salon.book(staff=salon.staff[1], start=salon.at(day, hour))
    assert count() == small


def test_schedule_of_another_chains_location_is_not_found(salon, login_as):
    other = make_salon(name="Elsewhere")
    response = login_as("owner", of=other).get(
        "/schedule", location_id=salon.location.pk, date=date.today().isoformat()
    )
    assert response.status_code == 404


def test_schedule_refuses_a_reversed_or_too_long_range(salon, api):
    day = next_weekday(1)
    reversed_range = api.get(
        "/schedule",
        location_id=salon.location.pk,
        date=day.isoformat(),
        end_date=(day - timedelta(days=1)).isoformat(),
    )
    too_long = api.get(
        "/schedule",
        location_id=salon.location.pk,
        date=day.isoformat(),
        end_date=(day + timedelta(days=40)).isoformat(),
    )
    bad_date = api.get("/schedule", location_id=salon.location.pk, date="24.11.2026")

    assert reversed_range.status_code == too_long.status_code == bad_date.status_code == 422
    assert "date" in bad_date.json()["errors"]
