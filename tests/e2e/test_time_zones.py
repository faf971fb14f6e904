"""The grid means the salon's wall clock, whatever the browser's zone: a New York salon seen
from a browser set to Tokyo (fourteen hours ahead). A tapped cell offers the hour tapped, a
dropped block starts where it was dropped, a stretched one ends where it was let go.

(The grid once read EventCalendar's dates in UTC, which shifted every such time by the
location's offset; the other stories run with the browser in the salon's own zone.)
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from salonbook.bookings.models import Booking
from tests.e2e.app import DESKTOP, block, cell_point, drag, log_in, tap_cell, until
from tests.salon import make_salon, next_weekday

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def salon():
    return make_salon(time_zone="America/New_York")


@pytest.fixture
def day():
    return next_weekday(1)


@pytest.fixture
def desktop(new_context):
    return new_context(**DESKTOP, timezone_id="Asia/Tokyo")


def test_a_tapped_cell_offers_starts_in_the_hour_that_was_tapped(desktop, screens, salon, day):
    page = log_in(desktop, salon.owner, day)
    tap_cell(page, "Stylist 1", "10:00", touch=False)
    picker = page.get_by_role("dialog", name="Choose the start time · Stylist 1")
    expect(picker).to_be_visible()
    screens(page, "time-pop-up-for-10-am")
    starts = picker.locator(".time-picker-times button").all_inner_texts()
    assert starts == ["10:00 AM", "10:15 AM", "10:30 AM", "10:45 AM"]


def test_a_dropped_or_stretched_booking_keeps_the_time_it_was_let_go_at(
    desktop, screens, salon, day
):
    booking = salon.book(start=salon.at(day, "10:00"))  # Haircut, an hour
    page = log_in(desktop, salon.owner, day)
    item = block(page, booking.pk)
    box = item.bounding_box()
    target = cell_point(page, "Stylist 1", "13:30")
    drag(page, (box["x"] + box["width"] / 2, box["y"] + 6), (target[0], target[1] + 6))
    until(lambda: Booking.objects.get(pk=booking.pk).start_at == salon.at(day, "13:30"))
    expect(item).to_contain_text("1:30 PM")
    screens(page, "dropped-at-1-30-pm")

    half_an_hour = (
        cell_point(page, "Stylist 1", "15:00")[1] - cell_point(page, "Stylist 1", "14:30")[1]
    )
    item.hover()
    handle = item.locator(".ec-resizer").bounding_box()
    bottom = (handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    drag(page, bottom, (bottom[0], bottom[1] + half_an_hour))
    until(lambda: Booking.objects.get(pk=booking.pk).end_at == salon.at(day, "15:00"))
    expect(item).to_contain_text("3:00 PM")
