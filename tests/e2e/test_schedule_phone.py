"""On a phone, an administrator creates a booking the way the user manual tells: the Schedule
tab at the bottom, a tap on a vacant cell of a staff member's column, the exact start in the
pop-up, then the booking sheet (client, service, duration, colour, category, additional field,
comment) and Create."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from salonbook.bookings.models import Booking
from salonbook.clients.models import Client
from tests.e2e.app import (
    ZONE,
    assert_no_sideways_scroll,
    block,
    book_through_the_sheet,
    furnished_salon,
    log_in,
    next_day,
    outside_the_screen,
    pick_start,
    tap_cell,
    wait_for_grid,
)
from tests.salon import make_salon, next_weekday

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def salon():
    return furnished_salon()


def open_schedule_on_tomorrow(page, screens):
    """The Schedule tab at the bottom of the screen, then the next day (bookable all day)."""
    tab = page.get_by_role("navigation", name="Sections").get_by_role("link", name="Schedule")
    expect(tab).to_have_count(1)  # the tab bar; the desktop's sidebar is hidden
    assert tab.bounding_box()["y"] > page.viewport_size["height"] - 100
    tab.click()
    wait_for_grid(page)
    day = next_day(page)
    assert_no_sideways_scroll(page)
    screens(page, "schedule")
    return day


def test_phone_booking_for_a_client_found_by_name_and_by_phone(phone, screens, salon):
    page = log_in(phone, salon.users["administrator"])
    day = open_schedule_on_tomorrow(page, screens)

    form = pick_start(page, "Stylist 2", "10:30 AM", touch=True, screens=screens)
    assert_no_sideways_scroll(page)
    screens(page, "booking-form")
    book_through_the_sheet(page, form, salon, day=day, start="10:30", phone=True, screens=screens)


def test_phone_booking_for_a_new_client(phone, screens, salon):
    page = log_in(phone, salon.users["administrator"])
    day = open_schedule_on_tomorrow(page, screens)

    form = pick_start(page, "Stylist 1", "2:15 PM", touch=True, screens=screens)
    form.get_by_role("button", name="New client").click()
    form.get_by_label("Phone", exact=True).fill("(917) 555-0177")
    form.get_by_label("Name", exact=True).fill("Katherine Johnson")
    form.get_by_label("E-mail", exact=True).fill("katherine@example.com")
    assert_no_sideways_scroll(page)
    screens(page, "new-client")
    form.get_by_role("button", name="Continue").click()
    chip = form.locator(".client-chip.new")
    expect(chip).to_contain_text("Katherine Johnson")
    expect(chip).to_contain_text("New client")
    assert not Client.objects.filter(name="Katherine Johnson").exists()  # not before Create

    services = form.get_by_role("group", name="Services")
    expect(services.get_by_role("checkbox")).to_have_count(3)  # Stylist 1 does the beard trim
    services.get_by_role("checkbox", name="Beard trim").check()
    expect(form.get_by_label("Staff member")).to_have_value(str(salon.staff[0].pk))
    expect(form.get_by_label("Date")).to_have_value(day.isoformat())
    expect(form.get_by_label("Time")).to_have_value("14:15")
    expect(form.get_by_label("Duration, min")).to_have_value("30")
    screens(page, "form-filled")

    form.get_by_role("button", name="Create").click()
    expect(form).to_be_hidden()
    booking = Booking.objects.get(location=salon.location)
    expect(block(page, booking.pk)).to_contain_text("Katherine Johnson")
    assert_no_sideways_scroll(page)
    screens(page, "booking-in-the-grid")

    client = Client.objects.get(chain=salon.chain, name="Katherine Johnson")
    assert (client.phone, client.email) == ("+19175550177", "katherine@example.com")
    assert booking.client_id == client.pk
    assert (booking.start_at, booking.end_at) == (salon.at(day, "14:15"), salon.at(day, "14:45"))
    assert [line.service.name for line in booking.services.all()] == ["Beard trim"]


def test_every_start_in_the_time_pop_up_fits_on_a_phone_screen(phone, screens, salon):
    page = log_in(phone, salon.users["administrator"])
    next_day(page)
    tap_cell(page, "Stylist 1", "10:00", touch=True)
    picker = page.get_by_role("dialog", name="Choose the start time · Stylist 1")
    expect(picker).to_be_visible()
    screens(page, "time-pop-up")
    assert outside_the_screen(page, picker.get_by_role("button")) == []


def test_a_phone_shows_a_busy_locations_staff_six_columns_at_a_time(phone, screens, db):
    salon = make_salon(time_zone=ZONE, staff_count=8)
    day = next_weekday(2)
    late = salon.book(staff=salon.staff[7], start=salon.at(day, "11:00"))
    page = log_in(phone, salon.users["administrator"], day)

    heads = page.locator("#calendar .ec-col-head")
    expect(heads).to_have_count(6)
    expect(heads.first).to_contain_text("Stylist 1")
    expect(block(page, late.pk)).to_have_count(0)
    staff = page.get_by_label("Staff member", exact=True)
    expect(staff.locator("optgroup")).to_have_count(2)  # the groups, then everyone
    assert_no_sideways_scroll(page)
    screens(page, "first-group")

    staff.select_option(label="Stylist 7 – Stylist 8")
    expect(heads).to_have_count(2)
    expect(heads.first).to_contain_text("Stylist 7")
    expect(block(page, late.pk)).to_be_visible()
    assert "group=1" in page.url
    screens(page, "second-group")

    staff.select_option(label="Stylist 3")
    expect(heads).to_have_count(1)
    expect(heads.first).to_contain_text("Stylist 3")
