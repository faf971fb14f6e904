"""The client is in the chair: the administrator opens the booking on a phone or a desktop and
works with the visit as the user manual tells - a service's quantity with - and +, its price
and discount and Save, the arrow to the next service, "+ Add a service", Arrived, a split
payment in cash and, with "Add payment", by card; a payment deleted and paid again with Card.
The visit's figures are checked on the screen and in the database."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Locator, Page, expect

from salonbook.bookings.models import Booking
from salonbook.catalog.services import StaffServiceTerms, create_service, set_staff_services
from salonbook.checkout.models import Payment, PaymentMethod
from salonbook.checkout.payments import take_payment
from salonbook.visits.lines import ServiceRequest
from salonbook.visits.selectors import visit_detail
from salonbook.visits.services import create_booking
from tests.e2e.app import (
    assert_no_sideways_scroll,
    block,
    furnished_salon,
    log_in,
    sheet,
    wait_live,
)
from tests.salon import next_weekday

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

THUMB = 44  # px: the smallest target a thumb is offered


@pytest.fixture
def salon():
    """The furnished salon; Stylist 1 also does a blow-dry and a manicure."""
    salon = furnished_salon()
    actor = salon.actor()
    more = [
        create_service(actor=actor, name=name, duration_minutes=30, price=Decimal(price))
        for name, price in (("Blow-dry", "25.00"), ("Manicure", "30.00"))
    ]
    set_staff_services(
        actor=actor,
        staff_id=salon.staff[0].pk,
        services=[StaffServiceTerms(service_id=s.pk) for s in [*salon.services, *more]],
    )
    return salon


@pytest.fixture
def day():
    return next_weekday(3)


@pytest.fixture
def booking(salon, day) -> Booking:
    """Ada's haircut (40.00) and colouring (85.50) with Stylist 1 at ten, 10:00-12:30."""
    return create_booking(
        actor=salon.actor(),
        location_id=salon.location.pk,
        staff_id=salon.staff[0].pk,
        start=salon.at(day, "10:00"),
        services=[
            ServiceRequest(service_id=salon.services[0].pk),
            ServiceRequest(service_id=salon.services[1].pk),
        ],
        client_id=salon.ada.pk,
    )


class Visit:
    """The Visit tab of an open booking sheet, as a person uses it."""

    def __init__(self, page: Page, *, touch: bool) -> None:
        self.page = page
        self.touch = touch
        self.sheet = sheet(page)
        self.root = self.sheet.locator("#visit")

    def press(self, target: Locator) -> None:
        """A tap on a phone, a click on a desktop."""
        if self.touch:
            target.tap()
        else:
            target.click()

    def line(self, name: str) -> Locator:
        return self.root.get_by_role("button", name=re.compile(f"^{name} "))

    def editor(self, name: str) -> Locator:
        return self.root.get_by_role("form", name=f"Change {name}")

    def total(self, which: str) -> Locator:
        return self.root.locator(f'[data-total="{which}"]')

    def button(self, name: str) -> Locator:
        return self.root.get_by_role("button", name=name, exact=True)

    def expect_toast(self, text: str) -> None:
        expect(self.page.locator("#toasts .toast").last).to_have_text(text)

    def expect_totals(self, total: str, discount: str, paid: str, due: str) -> None:
        for which, value in (
            ("total", total),
            ("discount", discount),
            ("paid", paid),
            ("due", due),
        ):
            expect(self.total(which)).to_have_text(value)

    def check_the_screen(self) -> None:
        """Nothing sideways on a phone; every button and field of the visit thumb-sized."""
        if not self.touch:
            return
        assert_no_sideways_scroll(self.page)
        small = self.page.evaluate(
            """(size) => [...document.querySelectorAll('#sheet button, #visit select, '
                  + '#visit input:not([type=radio]):not([type=checkbox]):not([type=hidden])')]
                .filter((el) => el.offsetParent !== null)
                .map((el) => [el.textContent.trim() || el.name || el.getAttribute('aria-label'),
                              el.getBoundingClientRect()])
                .filter(([, box]) => box.height < size - 0.5 || box.width < size - 0.5)
                .map(([name, box]) => `${name}: ${box.width}x${box.height}`)""",
            THUMB,
        )
        assert small == [], f"smaller than a thumb: {small}"
        width = self.page.viewport_size["width"]
        outside = self.page.evaluate(
            """(width) => [...document.querySelectorAll('#sheet *')]
                .filter((el) => el.offsetParent !== null)
                .filter((el) => el.getBoundingClientRect().right > width + 0.5)
                .map((el) => el.className || el.tagName)""",
            width,
        )
        assert outside == [], f"past the screen's edge: {outside}"


def the_visit(salon, booking) -> dict:
    return visit_detail(actor=salon.actor(), booking_id=booking.pk)


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_visit_from_services_to_payment(request, device, screens, salon, day, booking):
    touch = device == "phone"
    page = log_in(request.getfixturevalue(device), salon.users["administrator"], day)
    expect(block(page, booking.pk)).to_contain_text("Ada Lovelace")

    # 1. Tap the booking: its sheet opens on the visit.
    if touch:
        block(page, booking.pk).tap()
    else:
        block(page, booking.pk).click()
    visit = Visit(page, touch=touch)
    form = visit.sheet
    expect(form.get_by_role("tab", name="Visit")).to_have_attribute("aria-selected", "true")
    expect(form.get_by_role("button", name="Arrived")).to_be_visible()  # the status, above
    expect(visit.line("Haircut")).to_contain_text("1 × $40.00")
    expect(visit.line("Coloring")).to_contain_text("$85.50")
    visit.expect_totals("$125.50", "$0.00", "$0.00", "$125.50")
    expect(form.get_by_role("checkbox", name="Haircut")).to_be_hidden()  # under Details
    visit.check_the_screen()
    screens(page, "visit")

    # 2. The haircut: two of them (+ + -), at 35.50 with 10 % off, Save.
    visit.press(visit.line("Haircut"))
    haircut = visit.editor("Haircut")
    expect(haircut).to_be_visible()
    expect(visit.editor("Coloring")).to_be_hidden()
    quantity = haircut.get_by_label("Quantity")
    expect(quantity).to_have_value("1")
    for step in ("One more", "One more", "One less"):
        visit.press(haircut.get_by_role("button", name=step))
    expect(quantity).to_have_value("2")
    haircut.get_by_label("Price").fill("35.50")
    haircut.get_by_label("Discount", exact=True).fill("10")
    visit.check_the_screen()
    screens(page, "service-editor")
    visit.press(haircut.get_by_role("button", name="Save"))
    visit.expect_toast("Service saved")
    expect(visit.line("Haircut")).to_contain_text("2 × $35.50 · discount 10% = −$7.10")
    expect(visit.line("Haircut")).to_contain_text("$63.90")
    visit.expect_totals("$149.40", "$7.10", "$0.00", "$149.40")

    # 3. Open it again and go on to the next service with the arrow: $5.50 off the colouring.
    visit.press(visit.line("Haircut"))
    visit.press(visit.editor("Haircut").get_by_role("button", name="Next service"))
    coloring = visit.editor("Coloring")
    expect(coloring).to_be_visible()
    expect(visit.editor("Haircut")).to_be_hidden()
    coloring.get_by_label("Discount", exact=True).fill("5.50")
    visit.press(coloring.locator("label", has_text="$"))
    expect(coloring.get_by_role("radio", name="Amount")).to_be_checked()
    screens(page, "next-service")
    visit.press(coloring.get_by_role("button", name="Save"))
    expect(visit.line("Coloring")).to_contain_text("$80.00")
    visit.expect_totals("$143.90", "$12.60", "$0.00", "$143.90")

    # 4. "+ Add a service": find the beard trim, Add; the booking grows by its half hour.
    visit.press(visit.button("+ Add a service"))
    adding = visit.root.get_by_role("form", name="Add a service")
    offered = adding.get_by_role("radio")
    expect(offered).to_have_count(3)  # not the haircut nor the colouring: in the visit already
    adding.get_by_role("searchbox", name="Search services").fill("bea")
    expect(offered.filter(visible=True)).to_have_count(1)
    visit.press(adding.get_by_text("Beard trim"))
    expect(adding.get_by_role("radio", name=re.compile("Beard trim"))).to_be_checked()
    visit.check_the_screen()
    screens(page, "add-a-service")
    visit.press(adding.get_by_role("button", name="Add", exact=True))
    visit.expect_toast("Service added")
    expect(visit.line("Beard trim")).to_contain_text("1 × $15.00")
    visit.expect_totals("$158.90", "$12.60", "$0.00", "$158.90")
    expect(block(page, booking.pk)).to_contain_text("Beard trim")  # the schedule behind
    # The Details tab has drawn its form again: the beard trim is ticked there too.
    visit.press(form.get_by_role("tab", name="Details"))
    expect(form.get_by_role("checkbox", name="Beard trim")).to_be_checked()
    expect(form.get_by_label("Duration, min")).to_have_value("180")
    expect(form.locator("#booking-summary")).to_contain_text("$158.90")
    visit.press(form.get_by_role("tab", name="Visit"))

    # 5. The client has arrived.
    visit.press(form.get_by_role("button", name="Arrived"))
    expect(form.get_by_role("button", name="Arrived")).to_have_attribute("aria-pressed", "true")
    expect(form.get_by_role("tab", name="Visit")).to_have_attribute("aria-selected", "true")

    # 6. Split payment: 100 in cash.
    visit.press(visit.button("Split payment"))
    split = visit.root.get_by_role("form", name="Split payment")
    amount = split.get_by_label("Amount")
    expect(amount).to_have_value("158.90")  # what is due
    amount.fill("100")
    split.get_by_label("Payment method").select_option(label="Cash")
    visit.check_the_screen()
    screens(page, "split-payment")
    visit.press(split.get_by_role("button", name="Pay"))
    visit.expect_toast("Paid")
    visit.expect_totals("$158.90", "$12.60", "$100.00", "$58.90")
    payments = visit.root.get_by_role("list", name="Payments").get_by_role("listitem")
    expect(payments).to_have_count(1)
    expect(payments.first).to_contain_text("Cash")
    expect(payments.first).to_contain_text("$100.00")
    expect(visit.button("Split payment")).to_have_count(0)

    # 7. "Add payment": the rest by card.
    visit.press(visit.button("Add payment"))
    expect(split.get_by_label("Amount")).to_have_value("58.90")
    split.get_by_label("Payment method").select_option(label="Card")
    visit.press(split.get_by_role("button", name="Pay"))
    visit.expect_totals("$158.90", "$12.60", "$158.90", "$0.00")
    expect(visit.root.get_by_text("Paid in full")).to_be_visible()
    expect(payments).to_have_count(2)
    expect(visit.button("Cash")).to_have_count(0)
    visit.check_the_screen()
    screens(page, "paid-in-full")

    # 8. The card payment was a mistake: its trash asks first, then it is due again.
    card = payments.filter(has_text="Card")
    visit.press(card.get_by_role("button", name="Delete payment"))
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("Delete this payment?")
    screens(page, "delete-payment")
    confirm.get_by_role("button", name="Yes").click()
    visit.expect_toast("Payment deleted")
    visit.expect_totals("$158.90", "$12.60", "$100.00", "$58.90")
    expect(payments).to_have_count(1)

    # 9. And paid again with the Card button: everything due in one go.
    visit.press(visit.button("Card"))
    visit.expect_totals("$158.90", "$12.60", "$158.90", "$0.00")
    expect(visit.root.get_by_text("Paid in full")).to_be_visible()
    visit.check_the_screen()
    screens(page, "paid-again")

    # What the database holds agrees with the screen.
    data = the_visit(salon, booking)
    assert [(s["name"], s["quantity"], s["price"], s["amount"]) for s in data["services"]] == [
        ("Haircut", 2, Decimal("35.50"), Decimal("63.90")),
        ("Coloring", 1, Decimal("85.50"), Decimal("80.00")),
        ("Beard trim", 1, Decimal("15.00"), Decimal("15.00")),
    ]
    assert data["totals"] == {
        "gross": Decimal("171.50"),
        "discount": Decimal("12.60"),
        "total": Decimal("158.90"),
        "paid": Decimal("158.90"),
        "due": Decimal("0.00"),
        "paid_in_full": True,
    }
    assert [(p["method"], p["amount"]) for p in data["payments"]] == [
        ("Cash", Decimal("100.00")),
        ("Card", Decimal("58.90")),
    ]
    assert Payment.objects.filter(booking=booking, deleted_at__isnull=False).count() == 1
    saved = Booking.objects.get(pk=booking.pk)
    assert (saved.status, saved.end_at) == ("arrived", salon.at(day, "13:00"))


def test_a_double_tap_on_pay_records_one_payment(phone, screens, salon, day, booking):
    page = log_in(phone, salon.users["administrator"], day)
    block(page, booking.pk).tap()
    visit = Visit(page, touch=True)
    visit.press(visit.button("Split payment"))
    split = visit.root.get_by_role("form", name="Split payment")
    split.get_by_label("Amount").fill("10")

    split.get_by_role("button", name="Pay").dblclick()

    visit.expect_totals("$125.50", "$0.00", "$10.00", "$115.50")
    page.wait_for_timeout(500)  # a second request, had there been one, would be back by now
    expect(visit.total("paid")).to_have_text("$10.00")
    assert Payment.objects.filter(booking=booking).count() == 1


def test_a_refusal_keeps_what_was_typed(desktop, screens, salon, day, booking):
    page = log_in(desktop, salon.users["administrator"], day)
    block(page, booking.pk).click()
    visit = Visit(page, touch=False)

    visit.press(visit.button("Split payment"))
    split = visit.root.get_by_role("form", name="Split payment")
    split.get_by_label("Amount").fill("200")
    split.get_by_label("Payment method").select_option(label="Card")
    visit.press(split.get_by_role("button", name="Pay"))

    expect(split).to_contain_text("Only 125.50 is due")
    expect(split.get_by_label("Amount")).to_have_value("200")
    card = PaymentMethod.objects.get(chain=salon.chain, kind="card")
    expect(split.get_by_label("Payment method")).to_have_value(str(card.pk))
    screens(page, "overpay-refused")
    split.get_by_label("Keep the rest as the client's deposit").check()
    visit.press(split.get_by_role("button", name="Pay"))
    expect(visit.root.get_by_text("Paid in full")).to_be_visible()

    # A paid visit's service may not get cheaper: the service says why, the editor stays.
    visit.press(visit.line("Haircut"))
    haircut = visit.editor("Haircut")
    haircut.get_by_label("Price").fill("10")
    visit.press(haircut.get_by_role("button", name="Save"))
    expect(haircut).to_contain_text("less than the 125.50 already paid")
    expect(haircut.get_by_label("Price")).to_have_value("10")
    screens(page, "paid-visit-refused")
    assert the_visit(salon, booking)["services"][0]["price"] == Decimal("40.00")


def test_an_open_visit_says_when_someone_else_takes_a_payment(
    desktop, screens, salon, day, booking
):
    page = log_in(desktop, salon.owner, day)
    wait_live(page)
    block(page, booking.pk).click()
    visit = Visit(page, touch=False)
    visit.expect_totals("$125.50", "$0.00", "$0.00", "$125.50")

    # Meanwhile, at the front desk, the administrator takes 25 in cash.
    cash = PaymentMethod.objects.get(chain=salon.chain, kind="cash")
    take_payment(
        actor=salon.actor("administrator"),
        booking_id=booking.pk,
        method_id=cash.pk,
        amount=Decimal("25"),
    )

    notice = visit.sheet.locator(".sheet-notice")
    expect(notice).to_contain_text("Someone else has just changed this booking.")
    screens(page, "changed-elsewhere")
    notice.get_by_role("button", name="Show the changes").click()
    visit.expect_totals("$125.50", "$0.00", "$25.00", "$100.50")
    expect(visit.root.get_by_role("list", name="Payments")).to_contain_text("$25.00")


def test_a_service_is_deleted_from_the_visit_after_a_confirmation(
    phone, screens, salon, day, booking
):
    page = log_in(phone, salon.users["administrator"], day)
    block(page, booking.pk).tap()
    visit = Visit(page, touch=True)

    visit.press(visit.line("Coloring"))
    coloring = visit.editor("Coloring")
    visit.press(coloring.get_by_role("button", name="Delete the service"))
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("Delete Coloring from the visit?")
    screens(page, "delete-service")
    confirm.get_by_role("button", name="No").click()
    expect(coloring).to_be_visible()
    assert len(the_visit(salon, booking)["services"]) == 2

    visit.press(coloring.get_by_role("button", name="Delete the service"))
    confirm.get_by_role("button", name="Yes").click()
    visit.expect_toast("Service deleted")
    expect(visit.line("Coloring")).to_have_count(0)
    visit.expect_totals("$40.00", "$0.00", "$0.00", "$40.00")
    expect(block(page, booking.pk)).not_to_contain_text("Coloring")
    assert [s["name"] for s in the_visit(salon, booking)["services"]] == ["Haircut"]
    assert Booking.objects.get(pk=booking.pk).end_at == salon.at(day, "11:00")
