"""Working hours through the API: the weekly pattern, single days, and time off."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from salonbook.scheduling.models import DayOverride, TimeOff, WeeklyHours
from salonbook.sync.models import ChangeEvent
from tests.helpers_api import change_count, field_errors, not_allowed, not_found, refused_for_field
from tests.salon import make_salon

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 24)  # a Tuesday


def weekly_of(member):
    return sorted(
        (r.weekday, r.start_time, r.end_time, r.breaks)
        for r in WeeklyHours.objects.filter(staff=member)
    )


def error_key_ending(response, suffix):
    errors = field_errors(response)
    assert any(key.split(".")[-1] == suffix for key in errors), errors
    return errors


# --- the weekly pattern ------------------------------------------------------------------


def test_weekly_hours_with_breaks_are_replaced_and_read_back(salon, api):
    member = salon.staff[0]
    body = [
        {"weekday": 4, "start_time": "12:00", "end_time": "20:00"},
        {
            "weekday": 0,
            "start_time": "09:00",
            "end_time": "18:00",
            "breaks": [{"start": "15:00", "end": "15:30"}, {"start": "13:00", "end": "14:00"}],
        },
    ]

    response = api.put(f"/staff/{member.pk}/weekly-hours", {"days": body})

    assert response.status_code == 200, response.content
    expected = [
        {
            "weekday": 0,
            "start_time": "09:00:00",
            "end_time": "18:00:00",
            "breaks": [
                {"start": "13:00:00", "end": "14:00:00"},
                {"start": "15:00:00", "end": "15:30:00"},
            ],
        },
        {"weekday": 4, "start_time": "12:00:00", "end_time": "20:00:00", "breaks": []},
    ]
    assert response.json() == expected
    assert api.get(f"/staff/{member.pk}/weekly-hours").json() == expected
    # Weekdays left out are days off: their old rows are gone.
    assert [w for w, *_ in weekly_of(member)] == [0, 4]
    assert (
        ChangeEvent.objects.filter(
            entity="schedule", entity_id=member.pk, action="weekly_set"
        ).count()
        == 2
    )  # make_salon + this


def test_an_empty_week_makes_every_day_a_day_off(salon, api):
    member = salon.staff[0]

    assert api.put(f"/staff/{member.pk}/weekly-hours", {"days": []}).json() == []
    assert weekly_of(member) == []


@pytest.mark.parametrize(
    ("day", "field"),
    [
        # a break outside the working hours
        (
            {
                "start_time": "09:00",
                "end_time": "18:00",
                "breaks": [{"start": "17:30", "end": "18:30"}],
            },
            "breaks",
        ),
        (
            {
                "start_time": "09:00",
                "end_time": "18:00",
                "breaks": [{"start": "08:00", "end": "09:30"}],
            },
            "breaks",
        ),
        # a break that ends before it starts, and breaks that overlap
        (
            {
                "start_time": "09:00",
                "end_time": "18:00",
                "breaks": [{"start": "14:00", "end": "13:00"}],
            },
            "breaks",
        ),
        (
            {
                "start_time": "09:00",
                "end_time": "18:00",
                "breaks": [{"start": "13:00", "end": "14:00"}, {"start": "13:30", "end": "14:30"}],
            },
            "breaks",
        ),
        # the day ends before (or when) it starts
        ({"start_time": "18:00", "end_time": "09:00"}, "end_time"),
        ({"start_time": "09:00", "end_time": "09:00"}, "end_time"),
        # not a time at all
        ({"start_time": "9 am", "end_time": "18:00"}, "start_time"),
        ({"start_time": "09:00", "end_time": "25:00"}, "end_time"),
    ],
)
def test_bad_weekly_hours_are_refused_and_the_old_pattern_stays(salon, api, day, field):
    member = salon.staff[0]
    before = (weekly_of(member), change_count(salon.chain.pk))

    response = api.put(
        f"/staff/{member.pk}/weekly-hours",
        {
            "days": [
                {"weekday": 1, "start_time": "10:00", "end_time": "12:00"},
                {"weekday": 2, **day},
            ]
        },
    )

    error_key_ending(response, field)
    assert (weekly_of(member), change_count(salon.chain.pk)) == before


@pytest.mark.parametrize("weekday", [7, -1])
def test_a_weekday_outside_monday_to_sunday_is_refused(salon, api, weekday):
    member = salon.staff[0]
    before = weekly_of(member)

    response = api.put(
        f"/staff/{member.pk}/weekly-hours",
        {"days": [{"weekday": weekday, "start_time": "09:00", "end_time": "18:00"}]},
    )

    refused_for_field(response, "days.0.weekday")
    assert weekly_of(member) == before


def test_a_weekday_listed_twice_is_refused(salon, api):
    member = salon.staff[0]
    before = weekly_of(member)

    response = api.put(
        f"/staff/{member.pk}/weekly-hours",
        {
            "days": [
                {"weekday": 3, "start_time": "09:00", "end_time": "12:00"},
                {"weekday": 3, "start_time": "13:00", "end_time": "18:00"},
            ]
        },
    )

    messages = error_key_ending(response, "weekday")
    assert any("twice" in m for msgs in messages.values() for m in msgs)
    assert weekly_of(member) == before


def test_field_errors_of_the_weekly_hours_point_into_the_list_that_was_sent(salon, api):
    member = salon.staff[0]

    duplicate = api.put(
        f"/staff/{member.pk}/weekly-hours",
        {
            "days": [
                {"weekday": 3, "start_time": "09:00", "end_time": "12:00"},
                {"weekday": 3, "start_time": "13:00", "end_time": "18:00"},
            ]
        },
    )
    bad_break = api.put(
        f"/staff/{member.pk}/weekly-hours",
        {
            "days": [
                {
                    "weekday": 3,
                    "start_time": "09:00",
                    "end_time": "12:00",
                    "breaks": [{"start": "11:00", "end": "13:00"}],
                },
            ]
        },
    )

    refused_for_field(duplicate, "days.1.weekday")
    refused_for_field(bad_break, "days.0.breaks")


def test_a_specialist_may_read_but_not_change_working_hours(salon, login_as):
    specialist = login_as("specialist")
    member = salon.staff[0]  # the specialist's own card
    before = weekly_of(member)

    assert specialist.get(f"/staff/{member.pk}/weekly-hours").status_code == 200
    not_allowed(specialist.put(f"/staff/{member.pk}/weekly-hours", {"days": []}))
    not_allowed(specialist.put(f"/staff/{member.pk}/days/{DAY.isoformat()}", {"is_day_off": True}))
    not_allowed(
        specialist.post(
            f"/staff/{member.pk}/time-off", {"start_date": "2026-12-01", "end_date": "2026-12-02"}
        )
    )

    assert weekly_of(member) == before
    assert not DayOverride.objects.exists() and not TimeOff.objects.exists()


def test_an_administrator_may_change_working_hours(salon, login_as):
    response = login_as("administrator").put(
        f"/staff/{salon.staff[1].pk}/weekly-hours",
        {"days": [{"weekday": 0, "start_time": "10:00", "end_time": "16:00"}]},
    )

    assert response.status_code == 200


# --- single days ------------------------------------------------------------------------


def test_a_day_off_is_set_and_listed(salon, api):
    member = salon.staff[0]

    response = api.put(
        f"/staff/{member.pk}/days/{DAY.isoformat()}",
        {"is_day_off": True, "note": "Dentist", "start_time": "09:00", "end_time": "10:00"},
    )

    assert response.status_code == 200, response.content
    assert response.json() == {
        "date": "2026-11-24",
        "is_day_off": True,
        "start_time": None,
        "end_time": None,
        "breaks": [],
        "note": "Dentist",
    }
    override = DayOverride.objects.get(staff=member, date=DAY)
    assert override.is_day_off and override.start_time is None


def test_a_day_gets_other_hours_and_setting_it_again_replaces_them(salon, api):
    member = salon.staff[0]
    url = f"/staff/{member.pk}/days/{DAY.isoformat()}"
    api.put(url, {"is_day_off": True})

    response = api.put(
        url,
        {
            "start_time": "12:00",
            "end_time": "20:00",
            "breaks": [{"start": "16:00", "end": "16:30"}],
        },
    )

    assert response.status_code == 200, response.content
    assert response.json()["is_day_off"] is False
    assert (response.json()["start_time"], response.json()["end_time"]) == ("12:00:00", "20:00:00")
    assert response.json()["breaks"] == [{"start": "16:00:00", "end": "16:30:00"}]
    override = DayOverride.objects.get(staff=member, date=DAY)
    assert (override.start_time, override.end_time, override.breaks) == (
        time(12),
        time(20),
        [["16:00", "16:30"]],
    )


def test_days_are_listed_within_the_range_inclusive(salon, api):
    member = salon.staff[0]
    for offset in (-1, 0, 3, 4):
        api.put(
            f"/staff/{member.pk}/days/{(DAY + timedelta(days=offset)).isoformat()}",
            {"is_day_off": True},
        )

    response = api.get(
        f"/staff/{member.pk}/days", start=DAY.isoformat(), end=(DAY + timedelta(days=3)).isoformat()
    )

    assert response.status_code == 200
    assert [d["date"] for d in response.json()] == ["2026-11-24", "2026-11-27"]


def test_a_range_ending_before_it_starts_is_refused(salon, api):
    response = api.get(f"/staff/{salon.staff[0].pk}/days", start="2026-11-24", end="2026-11-23")

    refused_for_field(response, "end")


def test_a_range_without_dates_is_refused(salon, api):
    response = api.get(f"/staff/{salon.staff[0].pk}/days", start="2026-11-24")

    refused_for_field(response, "end")


@pytest.mark.parametrize("raw", ["24.11.2026", "2026-02-30", "tomorrow"])
def test_a_date_in_the_path_that_is_not_iso_is_refused(salon, api, raw):
    member = salon.staff[0]

    refused_for_field(api.put(f"/staff/{member.pk}/days/{raw}", {"is_day_off": True}), "day")
    refused_for_field(api.delete(f"/staff/{member.pk}/days/{raw}"), "day")
    assert not DayOverride.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"start_time": "18:00", "end_time": "10:00"}, "end_time"),
        ({"start_time": "10:00"}, "start_time"),
        ({}, "start_time"),
        (
            {
                "start_time": "10:00",
                "end_time": "18:00",
                "breaks": [{"start": "09:00", "end": "09:30"}],
            },
            "breaks",
        ),
        ({"is_day_off": True, "note": "x" * 201}, "note"),
    ],
)
def test_bad_day_hours_are_refused_and_write_nothing(salon, api, body, field):
    events = change_count(salon.chain.pk)

    refused_for_field(api.put(f"/staff/{salon.staff[0].pk}/days/{DAY.isoformat()}", body), field)

    assert not DayOverride.objects.exists()
    assert change_count(salon.chain.pk) == events


def test_clearing_a_day_lets_it_follow_the_week_again(salon, api):
    member = salon.staff[0]
    url = f"/staff/{member.pk}/days/{DAY.isoformat()}"
    api.put(url, {"is_day_off": True})

    assert api.delete(url).status_code == 204
    assert not DayOverride.objects.filter(staff=member).exists()
    not_found(api.delete(url))


# --- time off ---------------------------------------------------------------------------


def test_time_off_is_added_listed_and_deleted(salon, api):
    member = salon.staff[0]

    created = api.post(
        f"/staff/{member.pk}/time-off",
        {
            "start_date": "2026-12-20",
            "end_date": "2027-01-03",
            "kind": "vacation",
            "note": "Holidays",
        },
    )

    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["staff_id"], data["start_date"], data["end_date"], data["kind"]) == (
        member.pk,
        "2026-12-20",
        "2027-01-03",
        "vacation",
    )
    assert api.get(f"/staff/{member.pk}/time-off").json() == [data]

    assert api.delete(f"/time-off/{data['id']}").status_code == 204
    assert api.get(f"/staff/{member.pk}/time-off").json() == []
    not_found(api.delete(f"/time-off/{data['id']}"))


def test_one_day_of_sick_leave_is_fine(salon, api):
    response = api.post(
        f"/staff/{salon.staff[0].pk}/time-off",
        {"start_date": "2026-12-01", "end_date": "2026-12-01", "kind": "sick_leave"},
    )

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"start_date": "2026-12-10", "end_date": "2026-12-09"}, "end_date"),
        ({"start_date": "2026-12-10", "end_date": "2026-12-12", "kind": "holiday"}, "kind"),
        ({"start_date": "10.12.2026", "end_date": "2026-12-12"}, "start_date"),
        ({"end_date": "2026-12-12"}, "start_date"),
    ],
)
def test_bad_time_off_is_refused(salon, api, body, field):
    refused_for_field(api.post(f"/staff/{salon.staff[0].pk}/time-off", body), field)
    assert not TimeOff.objects.exists()


# --- tenancy ----------------------------------------------------------------------------


def test_another_chains_staff_schedule_is_not_found(salon, api, login_as):
    other = make_salon(name="Elsewhere")
    outsider = login_as("owner", of=other)
    member = salon.staff[0]
    api.put(f"/staff/{member.pk}/days/{DAY.isoformat()}", {"is_day_off": True})
    time_off = api.post(
        f"/staff/{member.pk}/time-off", {"start_date": "2026-12-20", "end_date": "2026-12-21"}
    ).json()
    before = weekly_of(member)
    day_url = f"/staff/{member.pk}/days/{DAY.isoformat()}"

    not_found(outsider.get(f"/staff/{member.pk}/weekly-hours"))
    not_found(outsider.put(f"/staff/{member.pk}/weekly-hours", {"days": []}))
    not_found(outsider.get(f"/staff/{member.pk}/days", start="2026-11-01", end="2026-12-31"))
    not_found(outsider.put(day_url, {"start_time": "10:00", "end_time": "11:00"}))
    not_found(outsider.delete(day_url))
    not_found(outsider.get(f"/staff/{member.pk}/time-off"))
    not_found(
        outsider.post(
            f"/staff/{member.pk}/time-off", {"start_date": "2026-12-01", "end_date": "2026-12-02"}
        )
    )
    not_found(outsider.delete(f"/time-off/{time_off['id']}"))

    assert weekly_of(member) == before
    assert DayOverride.objects.get(staff=member).is_day_off
    assert TimeOff.objects.filter(pk=time_off["id"]).exists()
    assert TimeOff.objects.filter(staff=member).count() == 1
