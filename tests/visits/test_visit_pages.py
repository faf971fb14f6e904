"""The visit in the booking sheet: its services changed, added and deleted in place, payments
in full, split and deleted; the refusals, the rights, and what the fragment shows."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from salonbook.accounts.models import Role
from salonbook.bookings.models import Booking
from salonbook.chains.services import create_location
from salonbook.checkout.models import DepositEntry, Payment, PaymentMethod
from salonbook.checkout.payments import take_payment
from salonbook.checkout.sales import sell_product
from salonbook.checkout.services import create_payment_method, update_payment_method
from salonbook.clients.services import create_client
from salonbook.visits.selectors import visit_detail
from salonbook.visits.services import delete_booking
from tests.pages import HTMX, browser_as, htmx_triggers
from tests.salon import make_salon, next_weekday
from tests.stock import product, receive, storage
from tests.web.test_translations import compiled, russian  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def day():
    return next_weekday(1)


@pytest.fixture
def visit(salon, day):
    """A haircut (40.00) for Ada with the first stylist, who also does the beard trim."""
    client = create_client(actor=salon.actor(), name="Ada", phone="+12125550123")
    return salon.book(start=salon.at(day, "10:00"), client_id=client.pk)


def method(salon, kind: str) -> PaymentMethod:
    return PaymentMethod.objects.get(chain=salon.chain, kind=kind)


def totals(salon, booking) -> dict:
    return visit_detail(actor=salon.actor(), booking_id=booking.pk)["totals"]


def line_of(salon, booking, index: int = 0) -> dict:
    return visit_detail(actor=salon.actor(), booking_id=booking.pk)["services"][index]


def shown_total(html: str, name: str) -> str:
    """A figure of the visit's totals as the fragment shows it (total, discount, paid, due)."""
    return re.search(rf'data-total="{name}">([^<]*)<', html).group(1)


def shown_lines(html: str) -> list[str]:
    """Each line's name, amount and terms, as one text."""
    heads = re.findall(r'class="visit-line-head"[^>]*>(.*?)</(?:button|div)>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", head).split()) for head in heads]


def open_editor(html: str) -> str | None:
    """The line whose editor the fragment opens (Alpine's `open`)."""
    found = re.search(r"x-data=\"\{ open: (\w+),", html)
    return found.group(1) if found else None


def without_right(salon, role: str, *permissions: str) -> None:
    row = Role.objects.get(chain=salon.chain, key=role)
    row.permissions = [p for p in row.permissions if p not in permissions]
    row.save()


def post(salon, url: str, data: dict | None = None, role: str = "owner"):
    return browser_as(salon, role).post(url, data or {}, headers=HTMX)


# --- the sheet --------------------------------------------------------------------------------


def test_an_open_booking_shows_its_visit_first_and_its_form_under_details(salon, visit):
    html = browser_as(salon).get(f"/bookings/{visit.pk}/", headers=HTMX).content.decode()

    # The status buttons, then the two tabs, then the visit (shown) and the form (hidden).
    order = [html.index(s) for s in ('data-status="arrived"', ">Visit<", ">Details<", 'id="visit"')]
    assert order == sorted(order)
    assert "x-data=\"{ tab: 'visit' }\"" in html
    assert 'id="details-panel"' in html and 'id="booking-form"' in html
    assert shown_lines(html) == ["Haircut $40.00 1 × $40.00"]
    assert (shown_total(html, "total"), shown_total(html, "due")) == ("$40.00", "$40.00")
    for button in (">+ Add a service<", ">Cash<", ">Card<", ">Split payment<", ">Save<"):
        assert button in html
    assert ">Add payment<" not in html  # nothing paid yet


def test_a_new_bookings_sheet_has_no_visit(salon, day):
    html = browser_as(salon).get("/bookings/new/", headers=HTMX).content.decode()

    assert 'id="visit"' not in html and ">Visit<" not in html and "tab ===" not in html
    assert ">Create<" in html


def test_the_sheet_opens_on_details_when_asked_and_keeps_its_tab_through_a_status(salon, visit):
    browser = browser_as(salon)

    details = browser.get(f"/bookings/{visit.pk}/", {"tab": "details"}, headers=HTMX)
    status = browser.post(
        f"/bookings/{visit.pk}/status/", {"status": "arrived", "tab": "details"}, headers=HTMX
    )
    odd = browser.get(f"/bookings/{visit.pk}/", {"tab": "<script>"}, headers=HTMX)

    assert "x-data=\"{ tab: 'details' }\"" in details.content.decode()
    assert "x-data=\"{ tab: 'details' }\"" in status.content.decode()
    assert "x-data=\"{ tab: 'visit' }\"" in odd.content.decode()


def test_a_refused_details_form_comes_back_on_the_details_tab(salon, visit, day):
    response = post(
        salon,
        f"/bookings/{visit.pk}/",
        {
            "staff_id": salon.staff[0].pk,
            "services": [],
            "date": day.isoformat(),
            "time": "10:00",
            "duration_minutes": "60",
            "version": visit.version,
        },
    )

    assert response.status_code == 422
    assert "x-data=\"{ tab: 'details' }\"" in response.content.decode()


def test_the_details_form_reloads_itself_when_the_visits_services_change(salon, visit):
    html = browser_as(salon).get(f"/bookings/{visit.pk}/", headers=HTMX).content.decode()

    panel = re.search(r'<section id="details-panel"[^>]*>', html).group(0)
    assert f'hx-get="/bookings/{visit.pk}/?tab=details"' in panel
    assert 'hx-trigger="visit-lines-changed from:document"' in panel
    assert 'hx-select="#details-panel"' in panel and 'hx-select-oob="#booking-summary"' in panel


def test_the_visit_alone_is_drawn_for_a_refresh(salon, visit):
    response = browser_as(salon).get(f"/visits/{visit.pk}/", headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="visit"') or '<div id="visit"' in html[:600]
    assert "<html" not in html and "booking-form" not in html


# --- service lines ----------------------------------------------------------------------------


def test_saving_a_lines_quantity_price_and_percent_discount(salon, visit):
    line = line_of(salon, visit)

    response = post(
        salon,
        f"/visits/{visit.pk}/services/{line['id']}/",
        {"quantity": "2", "price": "35.50", "discount_value": "10", "discount_kind": "percent"},
    )

    assert response.status_code == 200
    assert htmx_triggers(response) == {
        "booking-saved": {"id": visit.pk},
        "toast": {"message": "Service saved", "kind": "ok"},
        "visit-lines-changed": {"id": visit.pk},
    }
    html = response.content.decode()
    assert shown_lines(html) == ["Haircut $63.90 2 × $35.50 · discount 10% = −$7.10"]
    assert (shown_total(html, "total"), shown_total(html, "discount")) == ("$63.90", "$7.10")
    assert open_editor(html) == "null"  # saved: the editor closes
    assert totals(salon, visit)["total"] == Decimal("63.90")
    assert Booking.objects.get(pk=visit.pk).end_at == visit.end_at


def test_a_discount_as_an_amount_and_no_discount(salon, visit):
    line = line_of(salon, visit)
    url = f"/visits/{visit.pk}/services/{line['id']}/"

    amount = post(
        salon,
        url,
        {"quantity": "1", "price": "40.00", "discount_value": "5", "discount_kind": "amount"},
    )
    assert shown_lines(amount.content.decode()) == ["Haircut $35.00 1 × $40.00 · discount −$5.00"]
    assert 'value="amount" aria-label="Amount" checked' in amount.content.decode()

    post(salon, url, {"quantity": "1", "price": "40.00", "discount_value": ""})

    after = line_of(salon, visit)
    assert (after["discount_kind"], after["discount_value"], after["amount"]) == (
        "",
        Decimal("0"),
        Decimal("40.00"),
    )


def test_the_arrows_lead_from_each_line_to_its_neighbours(salon, visit):
    post(salon, f"/visits/{visit.pk}/services/add/", {"service_id": salon.services[2].pk})
    first, second = (line_of(salon, visit, i)["id"] for i in (0, 1))

    html = browser_as(salon).get(f"/visits/{visit.pk}/", headers=HTMX).content.decode()

    editors = dict(re.findall(r'<form id="line-(\d+)-editor"(.*?)</form>', html, re.S))
    assert f'@click="open = {second}"' in editors[str(first)]
    assert f'@click="open = {first}"' in editors[str(second)]
    assert editors[str(first)].count('aria-disabled="true"') == 1  # no line before the first


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"discount_value": "150", "discount_kind": "percent"},
            "A percent discount is at most 100",
        ),
        (
            {"discount_value": "41", "discount_kind": "amount"},
            "The discount is larger than the line",
        ),
        ({"price": "abc"}, "Enter a number."),
        ({"quantity": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"price": "-1"}, "Ensure this value is greater than or equal to 0."),
    ],
)
def test_an_impossible_line_is_refused_with_its_message_and_what_was_typed(
    salon, visit, data, message
):
    line = line_of(salon, visit)
    typed = {"quantity": "1", "price": "40.00", **data}

    response = post(salon, f"/visits/{visit.pk}/services/{line['id']}/", typed)

    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert open_editor(html) == str(line["id"])  # the editor stays open, with what was typed
    editor = re.search(rf'<form id="line-{line["id"]}-editor".*?</form>', html, re.S).group(0)
    assert "x-cloak" not in editor.split(">", 1)[0]
    for name, value in typed.items():
        if name != "discount_kind":
            assert f'name="{name}" value="{value}"' in editor
    assert "HX-Trigger" not in response.headers
    assert totals(salon, visit)["total"] == Decimal("40.00")


def test_adding_a_service_from_the_staff_members_list(salon, visit, day):
    html = browser_as(salon).get(f"/visits/{visit.pk}/", headers=HTMX).content.decode()
    offered = re.findall(r'name="service_id" value="(\d+)"', html)
    assert offered == [str(salon.services[2].pk), str(salon.services[1].pk)]  # not the haircut

    response = post(
        salon,
        f"/visits/{visit.pk}/services/add/",
        {"service_id": salon.services[2].pk, "quantity": 2},
    )

    assert response.status_code == 200
    assert htmx_triggers(response)["toast"]["message"] == "Service added"
    assert "visit-lines-changed" in htmx_triggers(response)
    html = response.content.decode()
    assert shown_lines(html) == ["Haircut $40.00 1 × $40.00", "Beard trim $30.00 2 × $15.00"]
    assert shown_total(html, "total") == "$70.00"
    assert re.findall(r'name="service_id" value="(\d+)"', html) == [str(salon.services[1].pk)]
    assert Booking.objects.get(pk=visit.pk).end_at == salon.at(day, "11:30")


def test_a_service_the_staff_member_does_not_perform_is_refused(salon, day):
    booking = salon.book(staff=salon.staff[1], start=salon.at(day, "10:00"))

    response = post(
        salon, f"/visits/{booking.pk}/services/add/", {"service_id": salon.services[2].pk}
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert "Stylist 2 does not perform service" in html
    assert "adding: true" in html
    assert [
        line["name"]
        for line in visit_detail(actor=salon.actor(), booking_id=booking.pk)["services"]
    ] == ["Haircut"]


def test_adding_needs_a_service_chosen_and_not_one_already_in_the_visit(salon, visit):
    nothing = post(salon, f"/visits/{visit.pk}/services/add/", {"quantity": "1"})
    again = post(salon, f"/visits/{visit.pk}/services/add/", {"service_id": salon.services[0].pk})

    assert nothing.status_code == again.status_code == 422
    assert "Choose a service." in nothing.content.decode()
    assert "in the visit already" in again.content.decode()


def test_deleting_a_line_and_keeping_the_last_one(salon, visit, day):
    post(salon, f"/visits/{visit.pk}/services/add/", {"service_id": salon.services[2].pk})
    first = line_of(salon, visit)

    response = post(salon, f"/visits/{visit.pk}/services/{first['id']}/delete/")

    assert response.status_code == 200
    assert htmx_triggers(response)["toast"]["message"] == "Service deleted"
    assert shown_lines(response.content.decode()) == ["Beard trim $15.00 1 × $15.00"]
    assert Booking.objects.get(pk=visit.pk).end_at == salon.at(day, "10:30")
    last = line_of(salon, visit)
    refused = post(salon, f"/visits/{visit.pk}/services/{last['id']}/delete/")
    assert refused.status_code == 422
    assert "A visit keeps at least one service." in refused.content.decode()
    gone = post(salon, f"/visits/{visit.pk}/services/{first['id']}/delete/")
    assert gone.status_code == 404
    assert "This service is no longer in the visit." in gone.content.decode()


def test_the_trash_of_a_line_asks_first(salon, visit):
    html = browser_as(salon).get(f"/visits/{visit.pk}/", headers=HTMX).content.decode()

    assert 'hx-confirm="Delete Haircut from the visit?"' in html


def test_products_sold_in_the_visit_are_listed_with_its_services(salon, visit):
    shampoo = product(salon, price=Decimal("20.00"))
    receive(salon, storage(salon), {shampoo: 5})
    sell_product(
        actor=salon.actor(),
        booking_id=visit.pk,
        product_id=shampoo.pk,
        quantity=2,
        discount_kind="amount",
        discount_value=Decimal("4"),
    )

    html = browser_as(salon).get(f"/visits/{visit.pk}/", headers=HTMX).content.decode()

    assert "Goods and subscriptions" in html
    assert shown_lines(html) == [
        "Haircut $40.00 1 × $40.00",
        "Shampoo $36.00 2 × $20.00 · discount −$4.00 sold by Stylist 1",
    ]
    assert shown_total(html, "total") == "$76.00"


# --- payments ---------------------------------------------------------------------------------


def test_cash_pays_everything_due_in_one_go(salon, visit):
    response = post(salon, f"/visits/{visit.pk}/pay/", {"method_id": method(salon, "cash").pk})

    assert response.status_code == 200
    assert htmx_triggers(response) == {
        "booking-saved": {"id": visit.pk},
        "toast": {"message": "Paid", "kind": "ok"},
    }
    html = response.content.decode()
    assert (shown_total(html, "paid"), shown_total(html, "due")) == ("$40.00", "$0.00")
    assert "Paid in full" in html
    assert ">Cash</button>" not in html and ">Split payment<" not in html
    assert ">Add payment<" not in html
    assert [(p.method.kind, p.amount) for p in Payment.objects.all()] == [
        ("cash", Decimal("40.00"))
    ]


def test_the_same_payment_form_sent_twice_takes_the_money_once(salon, visit):
    drawn = browser_as(salon).get(f"/visits/{visit.pk}/", headers=HTMX).content.decode()
    assert 'name="expected_due" value="40.00"' in drawn
    form = {
        "split": "1",
        "method_id": method(salon, "cash").pk,
        "amount": "15",
        "expected_due": "40.00",
    }

    first = post(salon, f"/visits/{visit.pk}/pay/", form)
    again = post(salon, f"/visits/{visit.pk}/pay/", form)  # no JavaScript, a retried request

    assert first.status_code == 200 and again.status_code == 422
    assert "has changed to 25.00" in again.content.decode()
    assert Payment.objects.count() == 1


def test_split_payment_part_in_cash_then_add_payment_for_the_rest_by_card(salon, visit):
    first = post(
        salon,
        f"/visits/{visit.pk}/pay/",
        {"split": "1", "amount": "15.50", "method_id": method(salon, "cash").pk},
    )

    html = first.content.decode()
    assert first.status_code == 200
    assert shown_total(html, "due") == "$24.50"
    assert ">Add payment<" in html and ">Split payment<" not in html
    assert 'name="amount" value="24.50"' in html  # the next part: what is still due
    assert "split: false" in html
    assert re.search(r"Cash</span>\s*<span[^>]*>[^<]+</span>\s*<span[^>]*>\$15.50", html)

    second = post(
        salon,
        f"/visits/{visit.pk}/pay/",
        {"split": "1", "amount": "24.50", "method_id": method(salon, "card").pk},
    )

    assert "Paid in full" in second.content.decode()
    assert [(p.method.kind, p.amount) for p in Payment.objects.order_by("pk")] == [
        ("cash", Decimal("15.50")),
        ("card", Decimal("24.50")),
    ]


def test_paying_more_than_is_due_is_refused_with_the_services_message(salon, visit):
    response = post(
        salon,
        f"/visits/{visit.pk}/pay/",
        {"split": "1", "amount": "50", "method_id": method(salon, "card").pk},
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert "Only 40.00 is due" in html
    assert "split: true" in html and 'name="amount" value="50"' in html
    assert f'<option value="{method(salon, "card").pk}" selected>' in html
    assert "Keep the rest as the client" in html
    assert not Payment.objects.exists()


def test_the_excess_may_be_kept_as_the_clients_deposit(salon, visit):
    response = post(
        salon,
        f"/visits/{visit.pk}/pay/",
        {
            "split": "1",
            "amount": "50",
            "method_id": method(salon, "cash").pk,
            "keep_excess_as_deposit": "on",
        },
    )

    assert response.status_code == 200
    assert "Paid in full" in response.content.decode()
    assert DepositEntry.objects.get().amount == Decimal("10.00")


def test_a_visit_without_a_client_offers_no_deposit(salon, day):
    booking = salon.book(start=salon.at(day, "10:00"))

    html = browser_as(salon).get(f"/visits/{booking.pk}/", headers=HTMX).content.decode()

    assert "deposit" not in html


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("abc", "Enter a number."),
        ("0", "Enter an amount above zero."),
        ("-5", "Ensure this value is greater than or equal to 0."),
    ],
)
def test_a_bad_amount_is_refused_and_kept_as_typed(salon, visit, amount, message):
    response = post(
        salon,
        f"/visits/{visit.pk}/pay/",
        {"split": "1", "amount": amount, "method_id": method(salon, "cash").pk},
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert f'name="amount" value="{amount}"' in html and "split: true" in html
    assert not Payment.objects.exists()


def test_a_method_not_offered_at_the_visits_location_is_neither_shown_nor_taken(salon, visit):
    uptown = create_location(actor=salon.actor(), name="Uptown", time_zone="America/Chicago")
    elsewhere = create_payment_method(actor=salon.actor(), name="Vouchers", location_id=uptown.pk)
    here = create_payment_method(
        actor=salon.actor(), name="Gift voucher", location_id=salon.location.pk
    )

    html = browser_as(salon).get(f"/visits/{visit.pk}/", headers=HTMX).content.decode()
    response = post(salon, f"/visits/{visit.pk}/pay/", {"split": "1", "method_id": elsewhere.pk})

    assert ">Gift voucher<" in html and ">Vouchers<" not in html
    assert here.pk and response.status_code == 422
    assert "This payment method is not offered here." in response.content.decode()


def test_a_quick_button_shows_only_when_its_kind_of_method_is_active(salon, visit):
    update_payment_method(actor=salon.actor(), method_id=method(salon, "card").pk, is_active=False)

    html = browser_as(salon).get(f"/visits/{visit.pk}/", headers=HTMX).content.decode()

    assert ">Cash</button>" in html and ">Card</button>" not in html
    assert f'name="method_id" value="{method(salon, "card").pk}"' not in html


def test_deleting_a_payment_makes_its_amount_due_again(salon, visit):
    post(
        salon,
        f"/visits/{visit.pk}/pay/",
        {"split": "1", "amount": "15", "method_id": method(salon, "cash").pk},
    )
    payment = Payment.objects.get()
    html = browser_as(salon).get(f"/visits/{visit.pk}/", headers=HTMX).content.decode()
    assert 'hx-confirm="Delete this payment?"' in html

    response = post(salon, f"/visits/{visit.pk}/payments/{payment.pk}/delete/")

    assert response.status_code == 200
    assert htmx_triggers(response)["toast"]["message"] == "Payment deleted"
    assert shown_total(response.content.decode(), "due") == "$40.00"
    payment.refresh_from_db()
    assert payment.deleted_at is not None
    again = post(salon, f"/visits/{visit.pk}/payments/{payment.pk}/delete/")
    assert again.status_code == 404
    assert "may have been deleted already" in again.content.decode()


def test_a_payment_is_deleted_only_through_its_own_visit(salon, visit, day):
    other = salon.book(start=salon.at(day, "14:00"))
    take_payment(actor=salon.actor(), booking_id=other.pk, method_id=method(salon, "cash").pk)
    theirs = Payment.objects.get(booking=other)

    response = post(salon, f"/visits/{visit.pk}/payments/{theirs.pk}/delete/")

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.deleted_at is None


def test_payment_times_are_the_locations(salon, visit):
    take_payment(actor=salon.actor(), booking_id=visit.pk, method_id=method(salon, "cash").pk)
    at = Payment.objects.get().created_at.astimezone(salon.tz)

    html = browser_as(salon).get(f"/visits/{visit.pk}/", headers=HTMX).content.decode()

    shown = re.search(r"visit-payment-time[^>]*>([^<]+)<", html).group(1)
    assert shown == at.strftime("%-I:%M\u202f%p") or shown == at.strftime("%-I:%M %p")


# --- a paid visit, rights, tenancy --------------------------------------------------------------


def test_a_paid_visits_lines_are_refused_with_the_reason_and_the_editor_stays(salon, visit):
    without_right(salon, "administrator", "visits.edit_paid")
    take_payment(actor=salon.actor(), booking_id=visit.pk, method_id=method(salon, "card").pk)
    line = line_of(salon, visit)

    response = post(
        salon,
        f"/visits/{visit.pk}/services/{line['id']}/",
        {"quantity": "1", "price": "10"},
        role="administrator",
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert "This visit is paid in full: delete its payments to change it." in html
    assert open_editor(html) == str(line["id"]) and ">Save<" in html
    assert 'name="price" value="10"' in html
    assert line_of(salon, visit)["price"] == Decimal("40.00")


def test_who_may_not_take_or_delete_payments_sees_no_such_buttons_and_is_refused(salon, visit):
    take_payment(
        actor=salon.actor(),
        booking_id=visit.pk,
        method_id=method(salon, "cash").pk,
        amount=Decimal("10"),
    )
    payment = Payment.objects.get()
    specialist = browser_as(salon, "specialist")

    html = specialist.get(f"/visits/{visit.pk}/", headers=HTMX).content.decode()
    pay = post(
        salon, f"/visits/{visit.pk}/pay/", {"method_id": method(salon, "cash").pk}, "specialist"
    )
    delete = post(salon, f"/visits/{visit.pk}/payments/{payment.pk}/delete/", role="specialist")

    for button in (">Cash</button>", ">Card</button>", ">Split payment<", ">Add payment<"):
        assert button not in html
    assert "Delete payment" not in html
    assert ">Save<" in html  # a specialist may still edit the lines
    assert pay.status_code == delete.status_code == 403
    assert "may not: take payments for visits" in pay.content.decode()
    assert "may not: delete payments" in delete.content.decode()
    assert '<div id="visit"' in pay.content.decode()  # the visit stays, with the reason
    assert Payment.objects.live().count() == 1 and totals(salon, visit)["paid"] == Decimal("10")


def test_who_may_pay_but_not_delete_sees_no_trash_on_payments(salon, visit):
    without_right(salon, "administrator", "payments.delete")
    take_payment(
        actor=salon.actor(),
        booking_id=visit.pk,
        method_id=method(salon, "cash").pk,
        amount=Decimal("10"),
    )

    html = browser_as(salon, "administrator").get(f"/visits/{visit.pk}/").content.decode()

    assert ">Add payment<" in html and "Delete payment" not in html


def test_who_may_not_edit_sees_the_lines_without_editors_and_is_refused(salon, visit):
    without_right(salon, "specialist", "bookings.edit")
    line = line_of(salon, visit)

    html = browser_as(salon, "specialist").get(f"/visits/{visit.pk}/", headers=HTMX)
    html = html.content.decode()
    refusals = [
        post(
            salon,
            f"/visits/{visit.pk}/services/{line['id']}/",
            {"quantity": "3", "price": "1"},
            "specialist",
        ),
        post(
            salon,
            f"/visits/{visit.pk}/services/add/",
            {"service_id": salon.services[2].pk},
            "specialist",
        ),
        post(salon, f"/visits/{visit.pk}/services/{line['id']}/delete/", role="specialist"),
    ]

    assert shown_lines(html) == ["Haircut $40.00 1 × $40.00"]
    assert "line-editor" not in html and "+ Add a service" not in html and ">Save<" not in html
    assert [r.status_code for r in refusals] == [403, 403, 403]
    assert all("may not: edit and reschedule bookings" in r.content.decode() for r in refusals)
    assert line_of(salon, visit)["quantity"] == 1


def test_another_chains_visit_is_not_found(salon, day):
    other = make_salon(name="Other")
    theirs = other.book(start=other.at(day, "10:00"))
    take_payment(actor=other.actor(), booking_id=theirs.pk, method_id=method(other, "cash").pk)
    line = visit_detail(actor=other.actor(), booking_id=theirs.pk)["services"][0]
    payment = Payment.objects.get(booking=theirs)

    responses = [
        browser_as(salon).get(f"/visits/{theirs.pk}/", headers=HTMX),
        post(salon, f"/visits/{theirs.pk}/pay/", {"method_id": method(salon, "cash").pk}),
        post(salon, f"/visits/{theirs.pk}/services/{line['id']}/", {"quantity": "2", "price": "1"}),
        post(salon, f"/visits/{theirs.pk}/services/add/", {"service_id": salon.services[2].pk}),
        post(salon, f"/visits/{theirs.pk}/services/{line['id']}/delete/"),
        post(salon, f"/visits/{theirs.pk}/payments/{payment.pk}/delete/"),
    ]

    assert [r.status_code for r in responses] == [404] * 6
    assert all("Haircut" not in r.content.decode() for r in responses)
    payment.refresh_from_db()
    assert payment.deleted_at is None
    assert visit_detail(actor=other.actor(), booking_id=theirs.pk)["services"][0] == line


def test_a_deleted_bookings_visit_is_shown_not_offered_for_change(salon, day):
    booking = salon.book(start=salon.at(day, "10:00"))
    delete_booking(actor=salon.actor(), booking_id=booking.pk)

    html = browser_as(salon).get(f"/bookings/{booking.pk}/", headers=HTMX).content.decode()

    assert shown_lines(html) == ["Haircut $40.00 1 × $40.00"]
    assert "line-editor" not in html and ">Cash</button>" not in html and ">Save<" not in html


def test_without_htmx_a_payment_returns_to_the_bookings_page(salon, visit):
    browser = browser_as(salon)

    response = browser.post(f"/visits/{visit.pk}/pay/", {"method_id": method(salon, "cash").pk})
    refused = browser.post(f"/visits/{visit.pk}/pay/", {"split": "1", "method_id": "x"})

    assert response.status_code == 302 and response["Location"] == f"/bookings/{visit.pk}/"
    assert refused.status_code == 422 and "<html" in refused.content.decode()


def test_the_visit_is_drawn_in_a_fixed_number_of_queries(
    salon, visit, django_assert_max_num_queries
):
    browser = browser_as(salon)
    browser.get(f"/visits/{visit.pk}/", headers=HTMX)  # the session, warmed up
    with django_assert_max_num_queries(20) as few:
        browser.get(f"/visits/{visit.pk}/", headers=HTMX)
    for service in salon.services[1:]:
        post(salon, f"/visits/{visit.pk}/services/add/", {"service_id": service.pk})
    for amount in ("5", "6", "7"):
        take_payment(
            actor=salon.actor(),
            booking_id=visit.pk,
            method_id=method(salon, "cash").pk,
            amount=Decimal(amount),
        )

    with CaptureQueriesContext(connection) as more:
        browser.get(f"/visits/{visit.pk}/", headers=HTMX)

    assert len(few) <= 20
    assert len(more) == len(few)


# --- in Russian -------------------------------------------------------------------------------


def test_the_visit_speaks_russian_and_reads_decimal_commas(russian, visit):  # noqa: F811
    browser = browser_as(russian)
    line = line_of(russian, visit)

    html = browser.get(f"/bookings/{visit.pk}/", headers=HTMX).content.decode()
    saved = post(
        russian,
        f"/visits/{visit.pk}/services/{line['id']}/",
        {"quantity": "1", "price": "35,50", "discount_value": "2,5", "discount_kind": "percent"},
    )
    paid = post(
        russian,
        f"/visits/{visit.pk}/pay/",
        {"split": "1", "amount": "10,50", "method_id": method(russian, "cash").pk},
    )

    for words in (
        "Визит",
        "Детали",
        "+ Добавить услугу",
        "Наличные",
        "Карта",
        "Разделить оплату",
        "Итого",
        "Скидка",
        "Оплачено",
        "К оплате",
        "Оплатить",
    ):
        assert words in html, words
    assert 'name="price" value="40,00"' in html
    assert htmx_triggers(saved)["toast"]["message"] == "Услуга сохранена"
    assert htmx_triggers(paid)["toast"]["message"] == "Оплачено"
    assert "Добавить оплату" in paid.content.decode()
    after = line_of(russian, visit)
    assert (after["price"], after["discount_value"]) == (Decimal("35.50"), Decimal("2.50"))
    assert totals(russian, visit)["paid"] == Decimal("10.50")


def test_an_amount_too_large_for_the_books_is_refused_not_a_server_error(salon, visit):
    form = {"split": "1", "method_id": method(salon, "cash").pk, "amount": "99999999999"}

    response = post(salon, f"/visits/{visit.pk}/pay/", form)

    assert response.status_code == 422
    assert Payment.objects.count() == 0
