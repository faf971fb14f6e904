"""Free slots for a service, and what a day of working hours means across DST changes."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.salon import make_salon, next_weekday

pytestmark = pytest.mark.django_db


def local_times(salon, day_entry):
    return [
        datetime.fromisoformat(t).astimezone(salon.tz).strftime("%H:%M") for t in day_entry["times"]
    ]


def test_free_slots_honour_hours_breaks_bookings_and_step(db, login_as):
    salon = make_salon(breaks=[("13:00", "14:00")])
    api = login_as("owner", of=salon)
    day = next_weekday(1)
    salon.book(start=salon.at(day, "10:00"))  # 10:00-11:00

    data = api.get(
        "/free-slots",
        service_id=salon.services[0].pk,
        start=day.isoformat(),
        staff_id=salon.staff[0].pk,
    ).json()

    (staff,) = data
    times = local_times(salon, staff["days"][0])
    assert times[:4] == ["09:00", "11:00", "11:15", "11:30"]
    assert "09:15" not in times and "10:30" not in times
    assert "12:15" not in times and "13:00" not in times and "14:00" in times
    assert times[-1] == "17:00"


def test_free_slots_list_only_staff_who_perform_the_service(salon, api):
    day = next_weekday(1)
    beard_trim = salon.services[2]

    data = api.get("/free-slots", service_id=beard_trim.pk, start=day.isoformat()).json()
    assert [s["staff_id"] for s in data] == [salon.staff[0].pk]

    refused = api.get(
        "/free-slots", service_id=beard_trim.pk, start=day.isoformat(), staff_id=salon.staff[1].pk
    )
    assert refused.status_code == 422
    assert "staff_id" in refused.json()["errors"]


def test_free_slots_use_the_staff_members_own_duration(salon, api):
    day = next_weekday(1)
    api.put(
        f"/staff/{salon.staff[1].pk}/services",
        {"services": [{"service_id": salon.services[0].pk, "duration_minutes": 120}]},
    )

    data = api.get("/free-slots", service_id=salon.services[0].pk, start=day.isoformat()).json()

    by_staff = {s["staff_id"]: s for s in data}
    assert by_staff[salon.staff[1].pk]["duration_minutes"] == 120
    assert local_times(salon, by_staff[salon.staff[1].pk]["days"][0])[-1] == "16:00"
    assert local_times(salon, by_staff[salon.staff[0].pk]["days"][0])[-1] == "17:00"


def test_free_slots_skip_days_off_and_respect_the_lead_time(salon, api):
    tomorrow = date.today() + timedelta(days=1)
    api.put(f"/staff/{salon.staff[0].pk}/days/{tomorrow.isoformat()}", {"is_day_off": True})
    api.patch(f"/locations/{salon.location.pk}", {"min_lead_minutes": 60 * 24 * 3})

    data = api.get(
        "/free-slots",
        service_id=salon.services[0].pk,
        start=date.today().isoformat(),
        end=(date.today() + timedelta(days=6)).isoformat(),
    ).json()

    for staff in data:
        days = [date.fromisoformat(d["date"]) for d in staff["days"]]
        assert days and min(days) >= date.today() + timedelta(days=2)
        first = datetime.fromisoformat(staff["days"][0]["times"][0])
        assert first >= datetime.now(salon.tz) + timedelta(days=3) - timedelta(minutes=1)


def test_free_slots_refuse_unknown_service_and_bad_range(salon, api):
    day = next_weekday(1)
    unknown = api.get("/free-slots", service_id=999999, start=day.isoformat())
    reversed_range = api.get(
        "/free-slots",
        service_id=salon.services[0].pk,
        start=day.isoformat(),
        end=(day - timedelta(days=1)).isoformat(),
    )
    bad_date = api.get("/free-slots", service_id=salon.services[0].pk, start="2026/11/24")

    assert unknown.status_code == reversed_range.status_code == bad_date.status_code == 422
    assert "service_id" in unknown.json()["errors"]


def test_free_slots_query_count_is_fixed(salon, api):
    day = next_weekday(1)

    def count(days):
        with CaptureQueriesContext(connection) as ctx:
            api.get(
                "/free-slots",
                service_id=salon.services[0].pk,
                start=day.isoformat(),
                end=(day + timedelta(days=days)).isoformat(),
            )
        return len(ctx)

    one_week = count(6)
    salon.book(start=salon.at(day, "10:00"))
    salon.book(staff=salon.staff[1], start=salon.at(day + timedelta(days=1), "10:00"))
    assert count(27) == one_week


def test_working_day_on_the_spring_forward_day_gives_the_right_instants_and_slots(salon, api):
    dst_day = date(2027, 3, 14)  # clocks in New York jump 02:00 -> 03:00
    assert salon.at(dst_day, "09:00").utcoffset() != salon.at(dst_day, "00:00").utcoffset()

    schedule = api.get("/schedule", location_id=salon.location.pk, date="2027-03-14").json()
    hours = schedule["staff"][0]["days"][0]["hours"]
    assert hours == {"start": "2027-03-14T09:00:00-04:00", "end": "2027-03-14T18:00:00-04:00"}

    slots = api.get(
        "/free-slots",
        service_id=salon.services[0].pk,
        start="2027-03-14",
        staff_id=salon.staff[0].pk,
    ).json()
    times = local_times(salon, slots[0]["days"][0])
    assert len(times) == 33  # 09:00 ... 17:00 every 15 minutes for a 60-minute service
    assert (times[0], times[-1]) == ("09:00", "17:00")
    assert slots[0]["days"][0]["times"][0] == "2027-03-14T09:00:00-04:00"


def test_booking_across_the_fall_back_night_lasts_its_real_duration(salon, api):
    api.put(
        f"/staff/{salon.staff[0].pk}/days/2027-11-07", {"start_time": "00:30", "end_time": "06:00"}
    )
    response = api.post(
        "/bookings",
        {
            "location_id": salon.location.pk,
            "staff_id": salon.staff[0].pk,
            "start": "2027-11-07T01:00:00",
            "services": [{"service_id": salon.services[1].pk}],
        },
    )

    assert response.status_code == 201, response.content
    data = response.json()
    # 90 minutes after 01:00 EDT is 01:30 EST: the wall clock went back an hour.
    assert (data["start"], data["end"]) == (
        "2027-11-07T01:00:00-04:00",
        "2027-11-07T01:30:00-05:00",
    )
