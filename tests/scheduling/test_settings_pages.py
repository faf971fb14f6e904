"""The working-hours pages: the week at a glance, a staff member's weekly pattern with breaks,
single days and time off; with the refusals."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

import pytest
from django.utils import translation

from salonbook.accounts.models import Role
from salonbook.errors import NotFound
from salonbook.scheduling.forms import TimeOffForm
from salonbook.scheduling.models import DayOverride, TimeOff, WeeklyHours
from salonbook.scheduling.services import add_time_off, delete_time_off, set_day
from tests.pages import browser_as
from tests.salon import make_salon
from tests.settings_pages import (
    event_count,
    events,
    forbidden,
    main_of,
    not_found,
    refused_form,
    said,
)

pytestmark = pytest.mark.django_db

DAY = date.today() + timedelta(days=10)


def speaking_russian(salon, role="owner"):
    """The salon's `role` with Russian chosen as the language of their pages."""
    user = salon.users[role]
    user.language = "ru"
    user.save(update_fields=["language"])
    return browser_as(salon, role)


def date_input(page, name):
    """The value of the date input `name` on a page ("" when it has none)."""
    tag = re.search(rf'<input(?=[^>]*type="date")(?=[^>]*name="{name}")[^>]*>', page)
    assert tag, f"no date input {name}"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


def weekly_of(member):
    return sorted(
        (r.weekday, r.start_time.strftime("%H:%M"), r.end_time.strftime("%H:%M"), r.breaks)
        for r in WeeklyHours.objects.filter(staff=member)
    )


def week_form(**days):
    """The week form's data: `d0=("09:00", "18:00", [("13:00", "14:00")])` for a worked day."""
    data: dict[str, object] = {}
    for key, (start, end, breaks) in days.items():
        data[f"{key}_works"] = "on"
        data[f"{key}_start"] = start
        data[f"{key}_end"] = end
        data[f"{key}_breaks_start"] = [b[0] for b in breaks]
        data[f"{key}_breaks_end"] = [b[1] for b in breaks]
    return data


# --- at a glance ---------------------------------------------------------------------------


def test_the_hours_index_shows_each_staff_members_week(salon):
    response = browser_as(salon).get("/settings/hours/")

    rows = response.context["rows"]
    assert [r["member"].name for r in rows] == ["Stylist 1", "Stylist 2"]
    assert all(day.start_time == time(9) for day in rows[0]["days"])
    assert f'href="/settings/hours/{salon.staff[0].pk}/"' in main_of(response)


# --- the weekly pattern ------------------------------------------------------------------


def test_the_week_page_shows_the_pattern(db):
    salon_with_breaks = make_salon(name="With breaks", breaks=[("13:00", "14:00")])
    member = salon_with_breaks.staff[0]

    page = main_of(browser_as(salon_with_breaks).get(f"/settings/hours/{member.pk}/"))

    assert page.count('name="d0_start" value="09:00"') == 1
    assert 'name="d0_breaks_start" value="13:00"' in page
    assert ">Save<" in page


def test_the_week_is_saved_with_several_breaks_and_days_off(salon):
    member = salon.staff[0]
    form = week_form(
        d0=("09:00", "18:00", [("15:00", "15:15"), ("12:00", "13:00"), ("", "")]),
        d2=("10:00", "16:00", []),
    )

    response = browser_as(salon).post(f"/settings/hours/{member.pk}/", form, follow=True)

    assert "The weekly hours of Stylist 1 were saved." in said(response)
    assert weekly_of(member) == [
        (0, "09:00", "18:00", [["12:00", "13:00"], ["15:00", "15:15"]]),
        (2, "10:00", "16:00", []),
    ]
    assert events(salon, "schedule")[-1] == ("schedule", member.pk, "weekly_set")


def test_a_break_outside_the_hours_is_refused_on_its_day_and_the_week_stays(salon):
    member = salon.staff[0]
    before = (weekly_of(member), event_count(salon))
    form = week_form(d0=("09:00", "18:00", []), d3=("09:00", "12:00", [("11:30", "12:30")]))

    errors = refused_form(browser_as(salon).post(f"/settings/hours/{member.pk}/", form))

    assert list(errors) == ["d3_breaks"]
    assert "outside the working hours" in errors["d3_breaks"][0]
    assert (weekly_of(member), event_count(salon)) == before


def test_a_day_that_ends_before_it_starts_is_refused_on_its_end(salon):
    member = salon.staff[0]
    before = weekly_of(member)

    errors = refused_form(
        browser_as(salon).post(
            f"/settings/hours/{member.pk}/", week_form(d4=("18:00", "09:00", []))
        )
    )

    assert list(errors) == ["d4_end"]
    assert weekly_of(member) == before


def test_a_worked_day_without_hours_or_a_half_given_break_is_refused(salon):
    member = salon.staff[0]
    before = weekly_of(member)
    form = {**week_form(d1=("09:00", "18:00", [("13:00", "")])), "d5_works": "on"}

    errors = refused_form(browser_as(salon).post(f"/settings/hours/{member.pk}/", form))

    assert {"d1_breaks", "d5_start", "d5_end"} <= set(errors)
    assert weekly_of(member) == before


def test_a_specialist_sees_the_week_read_only_and_may_not_change_it(salon):
    member = salon.staff[1]
    before = (weekly_of(member), event_count(salon))
    specialist = browser_as(salon, "specialist")

    page = main_of(specialist.get(f"/settings/hours/{member.pk}/"))
    response = specialist.post(
        f"/settings/hours/{member.pk}/", week_form(d0=("10:00", "11:00", []))
    )

    assert "may see these working hours but not change them" in page
    assert ">Save<" not in page and "Add a break" not in page
    forbidden(response)
    assert (weekly_of(member), event_count(salon)) == before


def test_the_hours_of_another_chains_staff_are_not_found(salon):
    theirs = make_salon(name="Elsewhere").staff[0]
    owner = browser_as(salon)
    before = weekly_of(theirs)

    for path in ("", "days/", "time-off/"):
        not_found(owner.get(f"/settings/hours/{theirs.pk}/{path}"))
    not_found(owner.post(f"/settings/hours/{theirs.pk}/", week_form(d0=("10:00", "11:00", []))))
    assert weekly_of(theirs) == before


def test_the_hours_pages_need_the_right_to_see_working_hours_not_the_staff_cards(salon):
    member = salon.staff[0]
    role = Role.objects.get(chain=salon.chain, key="specialist")
    role.permissions = ["bookings.view", "schedules.view"]
    role.save()
    hours_only = browser_as(salon, "specialist")

    assert hours_only.get(f"/settings/hours/{member.pk}/").status_code == 200
    assert hours_only.get(f"/settings/hours/{member.pk}/time-off/").status_code == 200
    forbidden(hours_only.get(f"/settings/staff/{member.pk}/"))

    role.permissions = ["bookings.view", "staff.view"]
    role.save()
    forbidden(hours_only.get(f"/settings/hours/{member.pk}/"))
    assert hours_only.get(f"/settings/staff/{member.pk}/").status_code == 200


# --- single days -------------------------------------------------------------------------


def test_a_single_day_gets_other_hours_with_a_break(salon):
    member = salon.staff[0]
    form = {
        "date": DAY.isoformat(),
        "day_off": "0",
        "start": "12:00",
        "end": "20:00",
        "breaks_start": ["16:00"],
        "breaks_end": ["16:30"],
        "note": "Late shift",
    }

    response = browser_as(salon).post(f"/settings/hours/{member.pk}/days/", form, follow=True)

    override = DayOverride.objects.get(staff=member, date=DAY)
    assert (override.is_day_off, override.start_time, override.end_time, override.breaks) == (
        False,
        time(12),
        time(20),
        [["16:00", "16:30"]],
    )
    assert "Late shift" in main_of(response)
    assert events(salon, "schedule")[-1] == ("schedule", member.pk, "day_set")


def test_a_single_day_off_needs_no_hours(salon):
    member = salon.staff[0]
    form = {"date": DAY.isoformat(), "day_off": "1", "note": "Dentist"}

    browser_as(salon).post(f"/settings/hours/{member.pk}/days/", form)

    override = DayOverride.objects.get(staff=member, date=DAY)
    assert (override.is_day_off, override.start_time, override.note) == (True, None, "Dentist")


def test_a_single_day_ending_before_it_starts_is_refused_and_not_written(salon):
    member = salon.staff[0]
    form = {"date": DAY.isoformat(), "day_off": "0", "start": "15:00", "end": "10:00"}

    errors = refused_form(browser_as(salon).post(f"/settings/hours/{member.pk}/days/", form))

    assert "end" in errors
    assert not DayOverride.objects.filter(staff=member).exists()


def test_a_worked_single_day_without_hours_is_refused_with_the_services_message(salon):
    member = salon.staff[0]
    before = event_count(salon)
    form = {"date": DAY.isoformat(), "day_off": "0", "start": "", "end": ""}

    errors = refused_form(browser_as(salon).post(f"/settings/hours/{member.pk}/days/", form))

    assert errors == {"start": ["Give the hours, or mark the day as a day off."]}
    assert not DayOverride.objects.filter(staff=member).exists()
    assert event_count(salon) == before


def test_a_single_day_is_opened_for_a_change_with_its_hours(salon):
    member = salon.staff[0]
    set_day(
        actor=salon.actor(), staff_id=member.pk, day=DAY, start_time=time(11), end_time=time(15)
    )

    response = browser_as(salon).get(f"/settings/hours/{member.pk}/days/?date={DAY.isoformat()}")

    form = response.context["form"]
    assert (form["start"].value(), form["end"].value()) == (time(11), time(15))


def test_a_russian_page_shows_the_date_of_a_single_day_as_a_date_input_reads_it(salon):
    member = salon.staff[0]
    day = date(2026, 11, 18)
    set_day(actor=salon.actor(), staff_id=member.pk, day=day, is_day_off=True)
    russian = speaking_russian(salon)

    changing = russian.get(f"/settings/hours/{member.pk}/days/?date=2026-11-18")
    new = russian.get(f"/settings/hours/{member.pk}/days/")

    assert changing.context["language"] == "ru"
    assert date_input(main_of(changing), "date") == "2026-11-18"
    assert date_input(main_of(new), "date") == new.context["form"].initial["date"].isoformat()


def test_a_cleared_single_day_follows_the_week_again(salon):
    member = salon.staff[0]
    set_day(actor=salon.actor(), staff_id=member.pk, day=DAY, is_day_off=True)

    response = browser_as(salon).post(
        f"/settings/hours/{member.pk}/days/clear/", {"date": DAY.isoformat()}, follow=True
    )

    assert not DayOverride.objects.filter(staff=member).exists()
    assert "follows the weekly hours again." in said(response)[0]
    assert str(DAY.year) in said(response)[0]
    assert events(salon, "schedule")[-1] == ("schedule", member.pk, "day_cleared")


def test_a_specialist_may_not_set_or_clear_single_days(salon):
    member = salon.staff[0]
    set_day(actor=salon.actor(), staff_id=member.pk, day=DAY, is_day_off=True)
    specialist = browser_as(salon, "specialist")

    page = main_of(specialist.get(f"/settings/hours/{member.pk}/days/"))
    forbidden(specialist.post(f"/settings/hours/{member.pk}/days/clear/", {"date": DAY}))
    forbidden(
        specialist.post(
            f"/settings/hours/{member.pk}/days/", {"date": DAY + timedelta(1), "day_off": "1"}
        )
    )

    assert "Set a single day" not in page and "Clear" not in page
    assert list(DayOverride.objects.filter(staff=member).values_list("date", flat=True)) == [DAY]


# --- time off ----------------------------------------------------------------------------


def test_a_vacation_is_added_and_listed(salon):
    member = salon.staff[0]
    form = {
        "kind": "vacation",
        "start_date": DAY.isoformat(),
        "end_date": (DAY + timedelta(days=6)).isoformat(),
        "note": "Seaside",
    }

    response = browser_as(salon).post(f"/settings/hours/{member.pk}/time-off/", form, follow=True)

    entry = TimeOff.objects.get(staff=member)
    assert (entry.kind, entry.start_date, entry.end_date) == ("vacation", DAY, DAY + timedelta(6))
    assert "The time off of Stylist 1 was added." in said(response)
    assert "Seaside" in main_of(response) and "Vacation" in main_of(response)
    assert events(salon, "schedule")[-1] == ("schedule", member.pk, "time_off_added")


def test_time_off_ending_before_it_starts_is_refused_and_not_written(salon):
    member = salon.staff[0]
    form = {"kind": "sick_leave", "start_date": DAY, "end_date": DAY - timedelta(days=1)}

    errors = refused_form(browser_as(salon).post(f"/settings/hours/{member.pk}/time-off/", form))

    assert "end_date" in errors
    assert not TimeOff.objects.exists()


def test_time_off_kinds_are_named_as_the_model_names_them_in_both_languages(salon):
    member = salon.staff[0]
    add_time_off(
        actor=salon.actor(),
        staff_id=member.pk,
        start_date=DAY,
        end_date=DAY,
        kind=TimeOff.Kind.DAY_OFF,
    )

    english = main_of(browser_as(salon).get(f"/settings/hours/{member.pk}/time-off/"))
    russian = main_of(speaking_russian(salon).get(f"/settings/hours/{member.pk}/time-off/"))

    for language, page, labels in (
        ("en", english, ["Vacation", "Sick leave", "Day off"]),
        ("ru", russian, ["Отпуск", "Больничный", "Выходной"]),
    ):
        with translation.override(language):
            assert [str(label) for _, label in TimeOffForm().fields["kind"].choices] == labels
            assert [str(label) for _, label in TimeOff.Kind.choices] == labels
        assert f"<strong>{labels[2]}</strong>" in page, language
        for label in labels:
            assert f"<span>{label}</span>" in page, label
    assert "Days off" not in english


def test_a_refused_time_off_shows_its_dates_as_a_date_input_reads_them_in_russian(salon):
    member = salon.staff[0]
    form = {"kind": "vacation", "start_date": "2026-11-18", "end_date": "2026-11-17"}

    response = speaking_russian(salon).post(f"/settings/hours/{member.pk}/time-off/", form)

    assert "end_date" in refused_form(response)
    page = main_of(response)
    assert (date_input(page, "start_date"), date_input(page, "end_date")) == (
        "2026-11-18",
        "2026-11-17",
    )


def test_time_off_is_deleted(salon):
    member = salon.staff[0]
    entry = add_time_off(actor=salon.actor(), staff_id=member.pk, start_date=DAY, end_date=DAY)

    response = browser_as(salon).post(
        f"/settings/hours/{member.pk}/time-off/{entry.pk}/delete/", follow=True
    )

    assert not TimeOff.objects.exists()
    assert "The time off was deleted." in said(response)
    assert events(salon, "schedule")[-1] == ("schedule", member.pk, "time_off_deleted")


def test_time_off_is_deleted_only_through_its_own_staff_member_and_chain(salon):
    entry = add_time_off(
        actor=salon.actor(), staff_id=salon.staff[0].pk, start_date=DAY, end_date=DAY
    )
    elsewhere = make_salon(name="Elsewhere")
    theirs = add_time_off(
        actor=elsewhere.actor(), staff_id=elsewhere.staff[0].pk, start_date=DAY, end_date=DAY
    )
    owner = browser_as(salon)

    not_found(owner.post(f"/settings/hours/{salon.staff[1].pk}/time-off/{entry.pk}/delete/"))
    not_found(owner.post(f"/settings/hours/{salon.staff[0].pk}/time-off/{theirs.pk}/delete/"))
    assert TimeOff.objects.count() == 2


def test_deleting_time_off_as_one_staff_members_refuses_someone_elses(salon):
    entry = add_time_off(
        actor=salon.actor(), staff_id=salon.staff[0].pk, start_date=DAY, end_date=DAY
    )
    before = event_count(salon)

    with pytest.raises(NotFound):
        delete_time_off(actor=salon.actor(), time_off_id=entry.pk, staff_id=salon.staff[1].pk)
    assert TimeOff.objects.filter(pk=entry.pk).exists() and event_count(salon) == before

    delete_time_off(actor=salon.actor(), time_off_id=entry.pk, staff_id=salon.staff[0].pk)
    assert not TimeOff.objects.exists()


def test_a_specialist_may_not_add_or_delete_time_off(salon):
    member = salon.staff[0]
    entry = add_time_off(actor=salon.actor(), staff_id=member.pk, start_date=DAY, end_date=DAY)
    specialist = browser_as(salon, "specialist")
    form = {"kind": "vacation", "start_date": DAY, "end_date": DAY}

    page = main_of(specialist.get(f"/settings/hours/{member.pk}/time-off/"))
    forbidden(specialist.post(f"/settings/hours/{member.pk}/time-off/", form))
    forbidden(specialist.post(f"/settings/hours/{member.pk}/time-off/{entry.pk}/delete/"))

    assert "Add time off" not in page and "/delete/" not in page
    assert list(TimeOff.objects.values_list("pk", flat=True)) == [entry.pk]
