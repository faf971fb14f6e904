"""The visit through the API: its lines, discounts and totals; payments, split and deleted."""

from __future__ import annotations

from decimal import Decimal

import pytest

from salonbook.accounts.models import Role
from salonbook.bookings.models import Booking
from salonbook.chains.services import create_location
from salonbook.checkout.models import DepositEntry, Payment, PaymentMethod
from salonbook.checkout.services import create_cash_desk
from salonbook.clients.services import create_client
from salonbook.sync.models import ChangeEvent
from tests.helpers_api import not_allowed, not_found, problem, refused_for_field
from tests.salon import make_salon, next_weekday

pytestmark = pytest.mark.django_db


@pytest.fixture
def day():
    return next_weekday(1)


@pytest.fixture
def visit(salon, day):
    """A haircut (40.00) for a client with the first stylist."""
    client = create_client(actor=salon.actor(), name="Ada", phone="+12125550123")
    return salon.book(start=salon.at(day, "10:00"), client_id=client.pk)


def method(salon, kind: str) -> PaymentMethod:
    return PaymentMethod.objects.get(chain=salon.chain, kind=kind)


def test_a_new_chain_takes_cash_card_and_bank_transfer(salon, api):
    methods = api.get("/payment-methods").json()

    assert [(m["name"], m["kind"]) for m in methods] == [
        ("Cash", "cash"),
        ("Card", "card"),
        ("Bank transfer", "transfer"),
    ]


def test_the_visit_shows_its_lines_and_what_is_due(api, visit):
    data = api.get(f"/bookings/{visit.pk}/visit").json()

    assert [(s["name"], s["quantity"], s["amount"]) for s in data["services"]] == [
        ("Haircut", 1, "40.00")
    ]
    assert data["totals"] == {
        "gross": "40.00",
        "discount": "0.00",
        "total": "40.00",
        "paid": "0.00",
        "due": "40.00",
        "paid_in_full": False,
    }


def test_quantity_price_and_discount_of_a_line_change_the_total(api, visit):
    line = api.get(f"/bookings/{visit.pk}/visit").json()["services"][0]

    data = api.patch(
        f"/bookings/{visit.pk}/services/{line['id']}",
        {"quantity": 2, "price": "35.50", "discount_kind": "percent", "discount_value": "10"},
    ).json()

    assert data["services"][0]["discount"] == "7.10"
    assert data["totals"]["total"] == "63.90"  # 2 x 35.50 = 71.00 - 7.10
    amount = api.patch(
        f"/bookings/{visit.pk}/services/{line['id']}",
        {"discount_kind": "amount", "discount_value": "1.00"},
    ).json()
    assert amount["totals"]["total"] == "70.00"
    assert Booking.objects.get(pk=visit.pk).end_at == visit.end_at  # the time is unchanged


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"discount_kind": "percent", "discount_value": "150"}, "services.0.discount_value"),
        ({"discount_kind": "amount", "discount_value": "41.00"}, "services.0.discount_value"),
        ({"quantity": 0}, "quantity"),
        ({"price": "-1"}, "price"),
        ({"discount_kind": "half"}, "discount_kind"),
    ],
)
def test_an_impossible_line_is_refused_and_changes_nothing(api, visit, change, field):
    line = api.get(f"/bookings/{visit.pk}/visit").json()["services"][0]

    refused_for_field(api.patch(f"/bookings/{visit.pk}/services/{line['id']}", change), field)

    assert api.get(f"/bookings/{visit.pk}/visit").json()["totals"]["total"] == "40.00"


def test_a_service_is_added_to_the_visit_and_the_booking_grows(salon, api, visit, day):
    data = api.post(f"/bookings/{visit.pk}/services", {"service_id": salon.services[2].pk}).json()

    assert [s["name"] for s in data["services"]] == ["Haircut", "Beard trim"]
    assert data["totals"]["total"] == "55.00"
    visit.refresh_from_db()
    assert visit.end_at == salon.at(day, "11:30")
    again = api.post(f"/bookings/{visit.pk}/services", {"service_id": salon.services[2].pk})
    refused_for_field(again, "service_id")


def test_a_service_the_staff_member_does_not_perform_cannot_be_added(salon, api, day):
    booking = salon.book(staff=salon.staff[1], start=salon.at(day, "10:00"))

    response = api.post(f"/bookings/{booking.pk}/services", {"service_id": salon.services[2].pk})

    refused_for_field(response, "services.1.service_id")


def test_removing_a_line_shortens_the_booking_but_a_visit_keeps_one(salon, api, visit, day):
    data = api.post(f"/bookings/{visit.pk}/services", {"service_id": salon.services[2].pk}).json()

    after = api.delete(f"/bookings/{visit.pk}/services/{data['services'][0]['id']}").json()

    assert [s["name"] for s in after["services"]] == ["Beard trim"]
    visit.refresh_from_db()
    assert visit.end_at == salon.at(day, "10:30")
    last = after["services"][0]["id"]
    refused_for_field(api.delete(f"/bookings/{visit.pk}/services/{last}"), "services")


def test_cash_pays_everything_due_in_one_go(salon, api, visit):
    response = api.post(f"/bookings/{visit.pk}/payments", {"method_id": method(salon, "cash").pk})

    assert response.status_code == 201, response.content
    totals = response.json()["totals"]
    assert (totals["paid"], totals["due"], totals["paid_in_full"]) == ("40.00", "0.00", True)
    assert ChangeEvent.objects.filter(entity="payment", action="created").count() == 1


def test_split_payment_in_cash_then_card_until_nothing_is_due(salon, api, visit):
    first = api.post(
        f"/bookings/{visit.pk}/payments",
        {"method_id": method(salon, "cash").pk, "amount": "15.50"},
    ).json()
    assert first["totals"]["due"] == "24.50"

    second = api.post(f"/bookings/{visit.pk}/payments", {"method_id": method(salon, "card").pk})

    assert second.json()["totals"]["due"] == "0.00"
    assert [(p["method"], p["amount"]) for p in second.json()["payments"]] == [
        ("Cash", "15.50"),
        ("Card", "24.50"),
    ]
    nothing = api.post(f"/bookings/{visit.pk}/payments", {"method_id": method(salon, "card").pk})
    refused_for_field(nothing, "amount")


def test_paying_more_than_is_due_is_refused_unless_kept_as_a_deposit(salon, api, visit):
    cash = method(salon, "cash").pk
    too_much = api.post(f"/bookings/{visit.pk}/payments", {"method_id": cash, "amount": "50"})
    assert "40.00" in refused_for_field(too_much, "amount")[0]
    assert not Payment.objects.exists()

    kept = api.post(
        f"/bookings/{visit.pk}/payments",
        {"method_id": cash, "amount": "50", "keep_excess_as_deposit": True},
    )

    assert kept.json()["totals"]["paid"] == "40.00"
    assert DepositEntry.objects.get().amount == Decimal("10.00")
    figures = api.get(f"/clients/{visit.client_id}/figures").json()
    assert figures["deposit"] == "10.00"


def test_deleting_a_payment_makes_its_amount_due_again(salon, api, visit):
    cash = method(salon, "cash").pk
    api.post(
        f"/bookings/{visit.pk}/payments",
        {"method_id": cash, "amount": "50", "keep_excess_as_deposit": True},
    )
    payment = Payment.objects.get()

    assert api.delete(f"/payments/{payment.pk}").status_code == 204

    assert api.get(f"/bookings/{visit.pk}/visit").json()["totals"]["due"] == "40.00"
    payment.refresh_from_db()
    assert payment.deleted_at is not None  # kept for the record
    assert sum(e.amount for e in DepositEntry.objects.all()) == 0
    not_found(api.delete(f"/payments/{payment.pk}"))


def test_a_visit_paid_in_full_keeps_its_lines_until_its_payments_go(salon, login_as, api, visit):
    role = Role.objects.get(chain=salon.chain, key="administrator")
    role.permissions = [p for p in role.permissions if p != "visits.edit_paid"]
    role.save()
    administrator = login_as("administrator")
    administrator.post(f"/bookings/{visit.pk}/payments", {"method_id": method(salon, "card").pk})
    line = api.get(f"/bookings/{visit.pk}/visit").json()["services"][0]

    refused = administrator.patch(f"/bookings/{visit.pk}/services/{line['id']}", {"price": "10"})

    assert "delete its payments" in problem(refused, 409)["detail"]
    # With the right (the owner) it may change, but never cost less than what was paid.
    cheaper = api.patch(
        f"/bookings/{visit.pk}/services/{line['id']}",
        {"discount_kind": "amount", "discount_value": "5"},
    )
    refused_for_field(cheaper, "services")
    dearer = api.patch(f"/bookings/{visit.pk}/services/{line['id']}", {"quantity": 2})
    assert dearer.json()["totals"]["due"] == "40.00"
    # Once the payment is deleted, the administrator may change it again.
    api.delete(f"/payments/{Payment.objects.get().pk}")
    assert (
        administrator.patch(
            f"/bookings/{visit.pk}/services/{line['id']}", {"price": "10"}
        ).status_code
        == 200
    )


def test_a_booking_with_payments_is_not_deleted(salon, api, visit):
    api.post(f"/bookings/{visit.pk}/payments", {"method_id": method(salon, "cash").pk})

    problem(api.delete(f"/bookings/{visit.pk}"), 409)

    assert Booking.objects.get(pk=visit.pk).deleted_at is None


def test_a_method_of_another_location_or_chain_is_refused(salon, api, visit):
    elsewhere = create_location(actor=salon.actor(), name="Uptown", time_zone="America/Chicago")
    only_there = api.post(
        "/payment-methods", {"name": "Uptown vouchers", "location_id": elsewhere.pk}
    ).json()
    refused_for_field(
        api.post(f"/bookings/{visit.pk}/payments", {"method_id": only_there["id"]}), "method_id"
    )
    other = make_salon(name="Other")
    theirs = PaymentMethod.objects.filter(chain=other.chain).first()
    refused_for_field(
        api.post(f"/bookings/{visit.pk}/payments", {"method_id": theirs.pk}), "method_id"
    )
    desk = create_cash_desk(actor=salon.actor(), location_id=elsewhere.pk, name="Till")
    refused_for_field(
        api.post(
            f"/bookings/{visit.pk}/payments",
            {"method_id": method(salon, "cash").pk, "cash_desk_id": desk.pk},
        ),
        "cash_desk_id",
    )


def test_a_specialist_may_not_take_or_delete_payments(salon, login_as, api, visit):
    specialist = login_as("specialist")
    cash = method(salon, "cash").pk

    not_allowed(specialist.post(f"/bookings/{visit.pk}/payments", {"method_id": cash}))
    api.post(f"/bookings/{visit.pk}/payments", {"method_id": cash})
    not_allowed(specialist.delete(f"/payments/{Payment.objects.get().pk}"))


def test_another_chains_visit_is_not_found(salon, login_as, day):
    other = make_salon(name="Other")
    theirs = other.book(start=other.at(day, "10:00"))
    api = login_as("owner")

    not_found(api.get(f"/bookings/{theirs.pk}/visit"))
    not_found(api.post(f"/bookings/{theirs.pk}/payments", {"method_id": method(salon, "cash").pk}))


def test_the_same_idempotency_key_never_records_a_payment_twice(salon, api, visit):
    body = {"method_id": method(salon, "cash").pk, "amount": "10"}
    headers = {"Idempotency-Key": "pay-once-123"}

    first = api.post(f"/bookings/{visit.pk}/payments", body, headers=headers)
    again = api.post(f"/bookings/{visit.pk}/payments", body, headers=headers)

    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert Payment.objects.count() == 1


def test_the_clients_figures_follow_from_their_visits(salon, api, visit, day):
    api.post(
        f"/bookings/{visit.pk}/payments", {"method_id": method(salon, "cash").pk, "amount": "25"}
    )
    upcoming = salon.book(start=salon.at(day, "15:00"), client_id=visit.client_id)

    figures = api.get(f"/clients/{visit.client_id}/figures").json()

    assert (figures["visits"], figures["sold"], figures["paid"], figures["balance"]) == (
        1,
        "40.00",
        "25.00",
        "15.00",
    )
    assert upcoming.pk  # booked but not visited: not sold yet
