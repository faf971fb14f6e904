"""On a desktop, the owner creates a booking from the grid, opens it, edits and reschedules it
in the sheet, drags it to another time and staff member, stretches it, and deletes it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from salonbook.bookings.models import Booking
from tests.e2e.app import (
    block,
    blocks,
    book_through_the_sheet,
    cell_point,
    drag,
    furnished_salon,
    log_in,
    next_day,
    pick_start,
    sheet,
    until,
)
from tests.salon import next_weekday

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def salon():
    return furnished_salon()


@pytest.fixture
def day():
    return next_weekday(2)


def fresh(booking: Booking) -> Booking:
    return Booking.objects.get(pk=booking.pk)


def test_desktop_create_open_edit_and_reschedule_in_the_sheet(desktop, screens, salon, day):
    page = log_in(desktop, salon.owner, day)
    screens(page, "schedule")
    form = pick_start(page, "Stylist 2", "11:15 AM", touch=False, screens=screens)
    screens(page, "booking-form")
    booking = book_through_the_sheet(
        page, form, salon, day=day, start="11:15", phone=False, screens=screens
    )

    # Open it (it opens on its visit); change the service and the comment under Details.
    block(page, booking.pk).click()
    expect(form.get_by_role("heading", name="Booking", exact=True)).to_be_visible()
    expect(form.get_by_role("tab", name="Visit")).to_have_attribute("aria-selected", "true")
    form.get_by_role("tab", name="Details").click()
    expect(form.get_by_role("checkbox", name="Coloring")).to_be_checked()
    expect(form.get_by_label("Duration, min")).to_have_value("75")
    expect(form.get_by_label("Comment")).to_have_value("First visit, wants a consultation.")
    screens(page, "edit-sheet")
    form.get_by_role("checkbox", name="Coloring").uncheck()
    form.get_by_role("checkbox", name="Haircut").check()
    form.get_by_label("Duration, min").fill("60")
    form.get_by_label("Comment").fill("Just a haircut after all")
    form.get_by_role("button", name="Save").click()
    expect(form).to_be_hidden()
    expect(block(page, booking.pk)).to_contain_text("Haircut")
    edited = fresh(booking)
    assert [line.service.name for line in edited.services.all()] == ["Haircut"]
    assert edited.comment == "Just a haircut after all"
    assert (edited.start_at, edited.end_at) == (salon.at(day, "11:15"), salon.at(day, "12:15"))
    assert (edited.color, edited.field_values) == (booking.color, booking.field_values)

    # Reschedule it to the next day at three in the afternoon, in the sheet.
    block(page, booking.pk).click()
    expect(form.get_by_role("heading", name="Booking", exact=True)).to_be_visible()
    form.get_by_role("tab", name="Details").click()
    later = day + timedelta(days=1)
    form.get_by_label("Date").fill(later.isoformat())
    form.get_by_label("Time").fill("15:00")
    form.get_by_role("button", name="Save").click()
    expect(form).to_be_hidden()
    expect(blocks(page)).to_have_count(0)  # gone from this day
    moved = fresh(booking)
    assert (moved.start_at, moved.end_at) == (salon.at(later, "15:00"), salon.at(later, "16:00"))
    assert next_day(page) == later
    expect(block(page, booking.pk)).to_contain_text("3:00 PM")
    screens(page, "rescheduled")


def test_desktop_drag_to_another_time_and_staff_member_stretch_and_delete(
    desktop, screens, salon, day
):
    booking = salon.book(start=salon.at(day, "10:00"), client_id=salon.ada.pk)  # Haircut, 1 h
    page = log_in(desktop, salon.owner, day)
    item = block(page, booking.pk)
    expect(item).to_contain_text("Ada Lovelace")

    # Drag it to Stylist 2 at half past one.
    box = item.bounding_box()
    grab = (box["x"] + box["width"] / 2, box["y"] + 6)  # 10:05
    target = cell_point(page, "Stylist 2", "13:30")
    drag(page, grab, (target[0], target[1] + 6))  # 13:35
    until(
        lambda: fresh(booking).start_at == salon.at(day, "13:30"),
        what="the booking moved to 13:30",
    )
    moved = fresh(booking)
    assert (moved.staff_id, moved.end_at) == (salon.staff[1].pk, salon.at(day, "14:30"))
    expect(item).to_contain_text("1:30 PM")
    screens(page, "dragged")

    # Stretch it by half an hour with its bottom edge.
    half_an_hour = (
        cell_point(page, "Stylist 2", "15:00")[1] - cell_point(page, "Stylist 2", "14:30")[1]
    )
    item.hover()
    handle = item.locator(".ec-resizer").bounding_box()
    bottom = (handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    drag(page, bottom, (bottom[0], bottom[1] + half_an_hour))
    until(
        lambda: fresh(booking).end_at == salon.at(day, "15:00"),
        what="the booking ends at 15:00",
    )
    assert fresh(booking).start_at == salon.at(day, "13:30")
    expect(item).to_contain_text("3:00 PM")
    screens(page, "stretched")

    # Delete: the trash icon asks first; "No" keeps it, "Yes" deletes it.
    item.click()
    form = sheet(page)
    expect(form.get_by_role("heading", name="Booking", exact=True)).to_be_visible()
    form.get_by_role("button", name="Delete booking").click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("Delete this booking?")
    screens(page, "delete-confirmation")
    confirm.get_by_role("button", name="No").click()
    expect(confirm).to_be_hidden()
    expect(form.get_by_role("heading", name="Booking", exact=True)).to_be_visible()
    assert fresh(booking).deleted_at is None

    form.get_by_role("button", name="Delete booking").click()
    confirm.get_by_role("button", name="Yes").click()
    expect(form).to_be_hidden()
    expect(blocks(page)).to_have_count(0)
    screens(page, "deleted")
    deleted = fresh(booking)  # still on record: a soft delete
    assert deleted.deleted_at is not None and deleted.deleted_by_id == salon.owner.pk
