"""Goods in a visit: products sold (out of stock at once) and consumables (out of stock when
the visit is paid in full, back when a payment is deleted); the visit's total follows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salonbook.accounts.models import Role
from salonbook.checkout import consumables, sales
from salonbook.checkout.models import Payment, PaymentMethod
from salonbook.checkout.payments import delete_payment, take_payment
from salonbook.checkout.selectors import current_totals
from salonbook.errors import DomainError
from salonbook.loyalty.models import Certificate
from salonbook.loyalty.selectors import certificate_balance
from salonbook.loyalty.services import create_certificate_type
from tests.helpers_api import not_found, problem, refused_for_field
from tests.salon import make_salon, next_weekday
from tests.stock import consumable, in_stock, ledger, product, receive, storage

pytestmark = pytest.mark.django_db


@pytest.fixture
def day():
    return next_weekday(1)


@pytest.fixture
def goods(salon):
    """A shelf holding 5 shampoos (20.00 each) and 500 ml of hair dye."""
    shelf = storage(salon, "Shelf")
    shampoo = product(salon)
    dye = consumable(salon)
    receive(salon, shelf, {shampoo: 5, dye: "500"})
    return shelf, shampoo, dye


@pytest.fixture
def visit(salon, day):
    return salon.book(start=salon.at(day, "10:00"))  # a haircut, 40.00


def cash(salon) -> int:
    return PaymentMethod.objects.get(chain=salon.chain, kind="cash").pk


def test_a_product_sold_in_the_visit_adds_to_its_total_and_leaves_stock(salon, api, visit, goods):
    shelf, shampoo, _ = goods

    response = api.post(
        f"/bookings/{visit.pk}/sales",
        {
            "product_id": shampoo.pk,
            "quantity": 2,
            "discount_kind": "amount",
            "discount_value": "5.00",
        },
    )

    assert response.status_code == 201, response.content
    data = response.json()
    assert [(s["name"], s["quantity"], s["amount"], s["seller_id"]) for s in data["sales"]] == [
        ("Shampoo", 2, "35.00", visit.staff_id)
    ]
    assert data["totals"]["total"] == "75.00"
    assert in_stock(shelf, shampoo) == 3


def test_deleting_a_sale_puts_the_product_back(salon, api, visit, goods):
    shelf, shampoo, _ = goods
    sold = api.post(f"/bookings/{visit.pk}/sales", {"product_id": shampoo.pk}).json()

    after = api.delete(f"/sales/{sold['sales'][0]['id']}").json()

    assert after["sales"] == [] and after["totals"]["total"] == "40.00"
    assert in_stock(shelf, shampoo) == 5
    not_found(api.delete(f"/sales/{sold['sales'][0]['id']}"))


def test_selling_more_than_the_storage_holds_is_refused(salon, api, visit, goods):
    shelf, shampoo, _ = goods

    response = api.post(f"/bookings/{visit.pk}/sales", {"product_id": shampoo.pk, "quantity": 6})

    assert "lines.0.quantity" in problem(response, 422)["errors"]
    assert in_stock(shelf, shampoo) == 5
    assert api.get(f"/bookings/{visit.pk}/visit").json()["sales"] == []


def test_a_consumable_leaves_stock_only_when_the_visit_is_paid_in_full(salon, api, visit, goods):
    shelf, _, dye = goods
    api.post(f"/bookings/{visit.pk}/consumables", {"product_id": dye.pk, "quantity": "60"})
    assert in_stock(shelf, dye) == 500

    api.post(f"/bookings/{visit.pk}/payments", {"method_id": cash(salon), "amount": "10"})
    assert in_stock(shelf, dye) == 500  # paid in part only
    api.post(f"/bookings/{visit.pk}/payments", {"method_id": cash(salon)})
    assert in_stock(shelf, dye) == 440
    assert api.get(f"/bookings/{visit.pk}/visit").json()["consumables"][0]["written_off"]

    api.delete(f"/payments/{Payment.objects.order_by('pk').last().pk}")
    assert in_stock(shelf, dye) == 500  # due again: back on the shelf


def test_apply_bill_of_materials_adds_the_services_consumables_times_its_quantity(
    salon, api, visit, goods
):
    _, shampoo, dye = goods
    line = api.get(f"/bookings/{visit.pk}/visit").json()["services"][0]
    api.put(
        f"/services/{salon.services[0].pk}/bill-of-materials",
        {"items": [{"product_id": dye.pk, "quantity": "25"}]},
    )
    api.patch(f"/bookings/{visit.pk}/services/{line['id']}", {"quantity": 2})

    response = api.post(f"/bookings/{visit.pk}/services/{line['id']}/bill-of-materials", {})

    assert response.status_code == 201, response.content
    items = response.json()["consumables"]
    assert [(i["name"], i["quantity"], i["service"]) for i in items] == [
        ("Hair dye", "50.000", "Haircut")
    ]
    assert shampoo.pk  # products for sale are not in a bill of materials


def test_a_service_without_a_bill_of_materials_says_so(salon, api, visit, goods):
    line = api.get(f"/bookings/{visit.pk}/visit").json()["services"][0]

    refused_for_field(
        api.post(f"/bookings/{visit.pk}/services/{line['id']}/bill-of-materials", {}), "line_id"
    )


def test_a_consumable_can_be_changed_and_removed_until_it_has_left_stock(salon, api, visit, goods):
    _, _, dye = goods
    added = api.post(
        f"/bookings/{visit.pk}/consumables", {"product_id": dye.pk, "quantity": "30"}
    ).json()["consumables"][0]

    changed = api.patch(f"/consumables/{added['id']}", {"quantity": "45.5"}).json()
    assert changed["consumables"][0]["quantity"] == "45.500"
    assert api.delete(f"/consumables/{added['id']}").json()["consumables"] == []
    not_found(api.delete(f"/consumables/{added['id']}"))


def test_a_product_that_is_not_a_consumable_or_not_for_sale_is_refused(salon, api, visit, goods):
    _, shampoo, dye = goods

    refused_for_field(
        api.post(f"/bookings/{visit.pk}/consumables", {"product_id": shampoo.pk, "quantity": "1"}),
        "product_id",
    )
    refused_for_field(api.post(f"/bookings/{visit.pk}/sales", {"product_id": dye.pk}), "product_id")


def test_goods_of_a_visit_paid_in_full_stay_unless_the_role_may_change_it(
    salon, login_as, visit, goods
):
    _, shampoo, dye = goods

    role = Role.objects.get(chain=salon.chain, key="administrator")
    role.permissions = [p for p in role.permissions if p != "visits.edit_paid"]
    role.save()
    administrator = login_as("administrator")
    administrator.post(f"/bookings/{visit.pk}/payments", {"method_id": cash(salon)})

    problem(administrator.post(f"/bookings/{visit.pk}/sales", {"product_id": shampoo.pk}), 409)
    problem(
        administrator.post(
            f"/bookings/{visit.pk}/consumables", {"product_id": dye.pk, "quantity": "5"}
        ),
        409,
    )


def test_a_location_without_a_storage_is_told_to_add_one(salon, api, visit):
    shampoo = product(salon)

    refused_for_field(
        api.post(f"/bookings/{visit.pk}/sales", {"product_id": shampoo.pk}), "storage_id"
    )


def test_another_chains_sale_or_consumable_is_not_found(salon, login_as, day):
    other = make_salon(name="Other")
    shelf, bottle = storage(other), product(other)
    receive(other, shelf, {bottle: 2})
    theirs = other.book(start=other.at(day, "10:00"))
    line = sales.sell_product(actor=other.actor(), booking_id=theirs.pk, product_id=bottle.pk)
    api = login_as("owner")

    not_found(api.delete(f"/sales/{line.pk}"))
    not_found(api.post(f"/bookings/{theirs.pk}/sales", {"product_id": bottle.pk}))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.sampled_from(["sell", "unsell", "pay", "unpay", "use"]), max_size=12))
def test_stock_always_equals_receipts_minus_what_left(db, steps):
    salon = make_salon()
    shelf, shampoo, dye = storage(salon), product(salon), consumable(salon)
    receive(salon, shelf, {shampoo: 3, dye: "100"})
    visit = salon.book(start=salon.at(next_weekday(3), "10:00"))
    actor, method = salon.actor(), cash(salon)
    opening = ledger(salon)
    for step in steps:
        try:
            if step == "sell":
                sales.sell_product(actor=actor, booking_id=visit.pk, product_id=shampoo.pk)
            elif step == "unsell":
                line = visit.sales.filter(deleted_at__isnull=True).first()
                if line:
                    sales.remove_sale(actor=actor, sale_line_id=line.pk)
            elif step == "use":
                consumables.add_consumable(
                    actor=actor, booking_id=visit.pk, product_id=dye.pk, quantity="10"
                )
            elif step == "pay":
                take_payment(actor=actor, booking_id=visit.pk, method_id=method)
            elif step == "unpay":
                payment = Payment.objects.live().filter(booking=visit).last()
                if payment:
                    delete_payment(actor=actor, payment_id=payment.pk)
        except DomainError:
            pass  # a refusal (no stock, nothing due, paid visit) changes nothing
    sold = visit.sales.filter(deleted_at__isnull=True).count()
    used = sum(
        (c.quantity for c in visit.consumables.filter(written_off_at__isnull=False)), Decimal(0)
    )
    assert in_stock(shelf, shampoo) == 3 - sold >= 0
    assert in_stock(shelf, dye) == 100 - used
    # Consumables have left stock exactly when the visit is paid in full.
    paid_in_full = current_totals(booking=visit, currency="USD").paid_in_full
    for item in visit.consumables.all():
        assert (item.written_off_at is not None) == paid_in_full
    # The ledger only grows: every movement made along the way is still there, unchanged.
    assert ledger(salon)[: len(opening)] == opening


@pytest.fixture
def gift_card(salon):
    return create_certificate_type(
        actor=salon.actor(),
        kind="gift_card",
        name="Gift card 100",
        price=Decimal("90.00"),
        face_value=Decimal("100.00"),
        validity_days=365,
    )


def test_a_gift_card_is_sold_with_a_generated_code_and_adds_its_price(salon, api, visit, gift_card):
    code = api.post("/certificates/codes").json()["code"]

    response = api.post(
        f"/bookings/{visit.pk}/certificates", {"type_id": gift_card.pk, "code": code}
    )

    assert response.status_code == 201, response.content
    data = response.json()
    sold = data["sales"][0]
    assert (sold["name"], sold["amount"], sold["certificate"]["code"]) == (
        "Gift card 100",
        "90.00",
        code,
    )
    assert data["totals"]["total"] == "130.00"
    certificate = Certificate.objects.get(code=code)
    assert certificate.client_id == visit.client_id
    assert certificate_balance(certificate).amount == Decimal("100.00")


def test_a_code_already_in_use_is_refused_on_the_code(salon, api, visit, gift_card):
    api.post(f"/bookings/{visit.pk}/certificates", {"type_id": gift_card.pk, "code": "GIFT2026"})

    again = api.post(
        f"/bookings/{visit.pk}/certificates", {"type_id": gift_card.pk, "code": "gift-2026"}
    )

    refused_for_field(again, "code")
    assert len(api.get(f"/bookings/{visit.pk}/visit").json()["sales"]) == 1


def test_deleting_the_sale_voids_an_unused_gift_card(salon, api, visit, gift_card):
    sold = api.post(f"/bookings/{visit.pk}/certificates", {"type_id": gift_card.pk}).json()

    api.delete(f"/sales/{sold['sales'][0]['id']}")

    certificate = Certificate.objects.get()
    assert certificate.status == "void" and certificate_balance(certificate).amount == 0


def test_the_code_is_masked_for_who_does_not_manage_gift_cards(
    salon, login_as, api, visit, gift_card
):
    api.post(f"/bookings/{visit.pk}/certificates", {"type_id": gift_card.pk, "code": "SECRET99"})

    sold = login_as("specialist").get(f"/bookings/{visit.pk}/visit").json()["sales"][0]

    assert sold["certificate"]["code"] == "…ET99"


def test_a_booking_with_goods_sold_is_not_deleted_until_the_sales_are(salon, api, visit, goods):
    shelf, shampoo, _ = goods
    sold = api.post(f"/bookings/{visit.pk}/sales", {"product_id": shampoo.pk}).json()

    assert "sales" in problem(api.delete(f"/bookings/{visit.pk}"), 409)["detail"]

    api.delete(f"/sales/{sold['sales'][0]['id']}")
    assert api.delete(f"/bookings/{visit.pk}").status_code == 204
    assert in_stock(shelf, shampoo) == 5


def test_a_visit_that_costs_nothing_uses_its_consumables_once_the_client_came(
    salon, api, visit, goods
):
    shelf, _, dye = goods
    line = api.get(f"/bookings/{visit.pk}/visit").json()["services"][0]
    api.patch(
        f"/bookings/{visit.pk}/services/{line['id']}",
        {"discount_kind": "percent", "discount_value": "100"},
    )
    api.post(f"/bookings/{visit.pk}/consumables", {"product_id": dye.pk, "quantity": "20"})
    assert in_stock(shelf, dye) == 500  # nothing to pay, but the client has not come yet

    api.post(f"/bookings/{visit.pk}/status", {"status": "arrived"})

    assert in_stock(shelf, dye) == 480


def test_a_consumable_keeps_its_storage_after_that_storage_closed(salon, api, visit, goods):
    shelf, _, dye = goods
    item = api.post(
        f"/bookings/{visit.pk}/consumables", {"product_id": dye.pk, "quantity": "5"}
    ).json()["consumables"][0]
    storage(salon, "Back room")  # another one stays open
    api.patch(f"/storages/{shelf.pk}", {"is_active": False})

    saved = api.patch(f"/consumables/{item['id']}", {"quantity": "6", "storage_id": shelf.pk})

    assert saved.status_code == 200, saved.content
    assert saved.json()["consumables"][0]["storage_id"] == shelf.pk


def test_a_payment_sent_again_with_the_due_it_saw_takes_nothing_more(salon, api, visit):
    body = {"method_id": cash(salon), "amount": "10", "expected_due": "40.00"}

    first = api.post(f"/bookings/{visit.pk}/payments", body)
    again = api.post(f"/bookings/{visit.pk}/payments", body)

    assert first.status_code == 201
    assert "30.00" in refused_for_field(again, "amount")[0]
    assert Payment.objects.filter(booking=visit).count() == 1


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(shares=st.lists(st.decimals(min_value="0.01", max_value="1", places=2), max_size=5))
def test_paying_in_parts_through_the_service_always_adds_up_to_the_total(db, shares):
    salon = make_salon()
    visit = salon.book(start=salon.at(next_weekday(4), "10:00"), service=salon.services[1])
    actor, method = salon.actor(), cash(salon)
    for share in shares:
        due = current_totals(booking=visit, currency="USD").due
        part = (due * share).quantize(Decimal("0.01"))
        if part > 0:
            take_payment(actor=actor, booking_id=visit.pk, method_id=method, amount=part)
    if current_totals(booking=visit, currency="USD").due > 0:
        take_payment(actor=actor, booking_id=visit.pk, method_id=method)

    totals = current_totals(booking=visit, currency="USD")
    paid = sum(p.amount for p in Payment.objects.live().filter(booking=visit))
    assert paid == totals.total == Decimal("85.50") and totals.due == 0
