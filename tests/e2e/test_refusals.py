"""What the pages refuse, and how they say so: a booking over another one of the same staff
member, from the sheet or by dragging a block; nothing is written either way."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from salonbook.bookings.models import Booking
from tests.e2e.app import (
    ZONE,
    assert_no_sideways_scroll,
    block,
    blocks,
    cell_point,
    drag,
    log_in,
    pick_start,
)
from tests.salon import make_salon, next_weekday

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def salon():
    return make_salon(time_zone=ZONE)


@pytest.fixture
def day():
    return next_weekday(3)


def test_the_sheet_refuses_a_booking_over_another_one_and_keeps_what_was_typed(
    phone, screens, salon, day
):
    taken = salon.book(start=salon.at(day, "10:00"))  # Stylist 1, Haircut 10:00-11:00
    page = log_in(phone, salon.users["administrator"], day)

    form = pick_start(page, "Stylist 1", "9:30 AM", touch=True)
    form.get_by_role("checkbox", name="Haircut").check()  # 9:30-10:30 overlaps 10:00-11:00
    form.get_by_role("button", name="Create").click()

    refusal = form.get_by_role("alert")
    expect(refusal).to_contain_text(f"Stylist 1 already has booking {taken.pk}")
    expect(form.get_by_role("heading", name="New booking")).to_be_visible()
    assert_no_sideways_scroll(page)
    screens(page, "refusal-message")
    assert list(Booking.objects.values_list("pk", flat=True)) == [taken.pk]

    # What was typed is still there; a free time goes through.
    expect(form.get_by_role("checkbox", name="Haircut")).to_be_checked()
    expect(form.get_by_label("Time")).to_have_value("09:30")
    form.get_by_label("Time").fill("11:00")
    form.get_by_role("button", name="Create").click()
    expect(form).to_be_hidden()
    expect(blocks(page)).to_have_count(2)
    assert Booking.objects.filter(start_at=salon.at(day, "11:00")).count() == 1


def test_a_booking_dragged_onto_another_is_refused_and_goes_back(desktop, screens, salon, day):
    salon.book(start=salon.at(day, "10:00"))
    later = salon.book(start=salon.at(day, "13:00"))
    page = log_in(desktop, salon.owner, day)
    item = block(page, later.pk)
    expect(item).to_contain_text("1:00 PM")
    before = item.bounding_box()

    target = cell_point(page, "Stylist 1", "10:30")
    drag(page, (before["x"] + before["width"] / 2, before["y"] + 6), (target[0], target[1] + 6))

    toast = page.locator("#toasts").get_by_role("alert")
    expect(toast).to_contain_text("Not saved")
    expect(toast).to_contain_text("Stylist 1 already has booking")
    screens(page, "refused-toast")
    expect(item).to_contain_text("1:00 PM")
    page.wait_for_function(
        """([id, top]) => {
            const bk = document.querySelector(`.bk[data-booking-id="${id}"]`);
            return bk && Math.abs(bk.closest('.ec-event').getBoundingClientRect().top - top) < 1;
        }""",
        arg=[later.pk, before["y"]],
    )
    unchanged = Booking.objects.get(pk=later.pk)
    assert (unchanged.start_at, unchanged.end_at, unchanged.staff_id, unchanged.version) == (
        later.start_at,
        later.end_at,
        later.staff_id,
        later.version,
    )


def test_a_booking_sent_without_a_network_says_nothing_was_saved(phone, screens, salon, day):
    page = log_in(phone, salon.users["administrator"], day)
    form = pick_start(page, "Stylist 1", "10:00 AM", touch=True)
    form.get_by_role("checkbox", name="Haircut").check()
    phone.set_offline(True)
    form.get_by_role("button", name="Create").click()
    expect(page.locator("#toasts").get_by_role("alert")).to_contain_text(
        "No connection to the server: nothing was saved."
    )
    screens(page, "offline-create")
    expect(form.get_by_role("heading", name="New booking")).to_be_visible()  # nothing lost
    assert not Booking.objects.exists()
