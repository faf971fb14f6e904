"""The schedule page: the day's grid data, the week of one staff member, and who may see it."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from salonbook.accounts.models import Role
from salonbook.staff.services import create_staff_member
from tests.pages import browser_as
from tests.salon import make_salon, next_weekday

pytestmark = pytest.mark.django_db


def embedded(response, name: str):
    """The JSON a page embeds with json_script under the id `name`."""
    html = response.content.decode()
    start = html.index(f'id="{name}"')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])


def test_the_day_view_embeds_exactly_what_the_schedule_api_answers(salon, api):
    day = next_weekday(2)
    salon.book(start=salon.at(day, "10:00"), comment="first")
    salon.book(staff=salon.staff[1], start=salon.at(day, "12:00"))

    response = browser_as(salon).get("/schedule/", {"date": day.isoformat()})

    assert response.status_code == 200
    page_data = embedded(response, "schedule-data")
    api_data = api.get("/schedule", location_id=salon.location.pk, date=day.isoformat()).json()
    assert page_data == api_data
    assert [s["name"] for s in page_data["staff"]] == ["Stylist 1", "Stylist 2"]
    assert len(page_data["bookings"]) == 2
    config = embedded(response, "schedule-config")
    assert config["view"] == "day" and config["date"] == day.isoformat()
    assert config["locationId"] == salon.location.pk
    assert config["canCreate"] and config["canEdit"]
    assert config["offset"] in ("-05:00", "-04:00")
    assert config["cursor"] > 0


def test_the_week_view_shows_one_staff_member_from_monday_to_sunday(salon):
    day = next_weekday(3)  # a Thursday
    response = browser_as(salon).get(
        "/schedule/", {"date": day.isoformat(), "view": "week", "staff": salon.staff[1].pk}
    )

    data = embedded(response, "schedule-data")
    monday = day - timedelta(days=3)
    assert data["start"] == monday.isoformat()
    assert data["end"] == (monday + timedelta(days=6)).isoformat()
    assert [s["id"] for s in data["staff"]] == [salon.staff[1].pk]
    assert len(data["staff"][0]["days"]) == 7


def test_a_specialists_week_view_starts_with_their_own_column(salon):
    response = browser_as(salon, "specialist").get("/schedule/", {"view": "week"})

    assert embedded(response, "schedule-config")["staffId"] == salon.staff[0].pk
    assert embedded(response, "schedule-config")["canCreate"] is True


def test_a_bad_date_or_staff_in_the_address_falls_back_to_today_and_everyone(salon):
    response = browser_as(salon).get("/schedule/", {"date": "2026-13-45", "staff": "abc"})

    assert response.status_code == 200
    config = embedded(response, "schedule-config")
    assert config["date"] == config["today"]
    assert config["staffId"] is None


def test_the_schedule_page_needs_no_more_queries_for_more_staff_and_bookings(db):
    def queries_for(salon, extra_staff: int, bookings: int) -> int:
        actor = salon.actor()
        for i in range(extra_staff):
            create_staff_member(actor=actor, name=f"Extra {i}", location_id=salon.location.pk)
        day = next_weekday(2)
        for i in range(bookings):
            staff = salon.staff[i % 2]
            salon.book(staff=staff, start=salon.at(day, f"{9 + i // 2:02d}:00"))
        client = browser_as(salon)
        client.get("/schedule/", {"date": day.isoformat()})  # warm the session
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/schedule/", {"date": day.isoformat()}).status_code == 200
        return len(captured.captured_queries)

    small = queries_for(make_salon(name="Small"), extra_staff=0, bookings=1)
    large = queries_for(make_salon(name="Large"), extra_staff=8, bookings=16)
    assert small == large


def test_a_role_without_the_right_to_see_bookings_is_refused_and_told_why(salon):
    role = Role.objects.get(chain=salon.chain, key="specialist")
    role.permissions = [p for p in role.permissions if p != "bookings.view"]
    role.save()

    response = browser_as(salon, "specialist").get("/schedule/")

    assert response.status_code == 403
    assert "may not" in response.content.decode()


def test_the_specialist_sees_no_create_or_drag_without_those_rights(salon):
    role = Role.objects.get(chain=salon.chain, key="specialist")
    role.permissions = [
        p for p in role.permissions if p not in ("bookings.create", "bookings.edit")
    ]
    role.save()

    config = embedded(browser_as(salon, "specialist").get("/schedule/"), "schedule-config")

    assert config["canCreate"] is False and config["canEdit"] is False
