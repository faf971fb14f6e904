"""`move_stock`, as the checkout calls it: inside its own transaction, for sales, returns and
consumables."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction

from salonbook.errors import Invalid
from salonbook.inventory.models import StockMovement
from salonbook.inventory.services import InsufficientStock, StockLine, move_stock, update_storage
from salonbook.sync.models import ChangeEvent
from tests.salon import make_salon
from tests.stock import consumable, in_stock, ledger, product, receive, sell, storage

pytestmark = pytest.mark.django_db


@pytest.fixture
def stocked(salon):
    main = storage(salon)
    shampoo, dye = product(salon, "Shampoo"), consumable(salon, "Hair dye")
    receive(salon, main, {shampoo: 3, dye: 100})
    return main, shampoo, dye


@pytest.mark.django_db(transaction=True)
def test_move_stock_refuses_to_run_outside_a_transaction(salon, stocked):
    main, shampoo, _ = stocked

    with pytest.raises(RuntimeError, match="inside the caller's transaction"):
        move_stock(
            actor=salon.actor(),
            storage_id=main.pk,
            lines=[StockLine(product_id=shampoo.pk, quantity=Decimal(1))],
            kind="sale",
        )
    assert in_stock(main, shampoo) == 3


def test_a_sale_takes_stock_out_and_names_what_caused_it(salon, stocked):
    main, shampoo, _ = stocked

    (movement,) = sell(salon, main, {shampoo: 2}, source="sale_line", source_id=7, note="Visit")

    assert (movement.quantity, movement.kind, movement.source, movement.source_id) == (
        Decimal(-2),
        "sale",
        "sale_line",
        7,
    )
    assert movement.unit_cost == Decimal("8.00") and movement.created_by_id == salon.owner.pk
    assert in_stock(main, shampoo) == 1
    event = ChangeEvent.objects.get(entity="stock_movement", entity_id=movement.pk)
    assert event.data == {
        "storage_id": main.pk,
        "product_id": shampoo.pk,
        "quantity": "-2.000",
        "kind": "sale",
        "source": "sale_line",
        "source_id": 7,
    }


def test_a_sale_of_more_than_is_in_stock_is_refused_and_the_callers_transaction_goes_on(
    salon, stocked
):
    main, shampoo, dye = stocked
    before = ledger(salon)

    with transaction.atomic():
        with pytest.raises(InsufficientStock) as refused:
            move_stock(
                actor=salon.actor(),
                storage_id=main.pk,
                lines=[
                    StockLine(product_id=dye.pk, quantity=Decimal(10)),
                    StockLine(product_id=shampoo.pk, quantity=Decimal(4)),
                ],
                kind="sale",
            )
        # The caller may still write in its transaction: the refusal rolled back its savepoint.
        sell(salon, main, {dye: 5}, kind="consumption")

    (shortage,) = refused.value.shortages
    assert (shortage.name, shortage.in_stock, shortage.requested) == ("Shampoo", 3, 4)
    assert list(refused.value.errors) == ["lines.1.quantity"]
    assert ledger(salon)[: len(before)] == before
    assert (in_stock(main, shampoo), in_stock(main, dye)) == (3, 95)


def test_lines_of_one_product_are_added_up_before_the_check(salon, stocked):
    main, shampoo, _ = stocked
    sell(salon, main, {shampoo: 2})

    with pytest.raises(InsufficientStock), transaction.atomic():
        move_stock(
            actor=salon.actor(),
            storage_id=main.pk,
            lines=[StockLine(product_id=shampoo.pk, quantity=Decimal(1))] * 2,
            kind="sale",
        )

    assert in_stock(main, shampoo) == 1


def test_a_consumption_may_go_below_zero_when_the_caller_allows_it(salon, stocked):
    main, _, dye = stocked

    with pytest.raises(InsufficientStock):
        sell(salon, main, {dye: 150}, kind="consumption")
    sell(salon, main, {dye: 150}, kind="consumption", allow_negative=True)

    assert in_stock(main, dye) == -50
    # Below zero, nothing more can be taken without the flag, but returns come back in.
    with pytest.raises(InsufficientStock):
        sell(salon, main, {dye: 1}, kind="consumption")
    sell(salon, main, {dye: 60}, kind="consumption_return")
    assert in_stock(main, dye) == 10


def test_a_returned_sale_comes_back_even_into_a_closed_storage(salon, stocked):
    main, shampoo, _ = stocked
    sell(salon, main, {shampoo: 2})
    update_storage(actor=salon.actor(), storage_id=main.pk, is_active=False)

    with pytest.raises(Invalid) as refused:
        sell(salon, main, {shampoo: 1})
    sell(salon, main, {shampoo: 2}, kind="sale_return")

    assert list(refused.value.errors) == ["storage_id"]
    assert in_stock(main, shampoo) == 3


def test_an_adjustment_moves_by_the_sign_of_its_quantity(salon, stocked):
    main, shampoo, _ = stocked

    sell(salon, main, {shampoo: "-1"}, kind="adjustment")
    sell(salon, main, {shampoo: "0.5"}, kind="adjustment")
    with pytest.raises(InsufficientStock):
        sell(salon, main, {shampoo: "-3"}, kind="adjustment")

    assert in_stock(main, shampoo) == Decimal("2.5")


@pytest.mark.parametrize("quantity", ["0", "-1", "0.0001", "NaN"])
def test_a_quantity_that_is_not_above_zero_is_refused(salon, stocked, quantity):
    main, shampoo, _ = stocked
    before = ledger(salon)

    with pytest.raises(Invalid) as refused:
        sell(salon, main, {shampoo: quantity})

    assert list(refused.value.errors) == ["lines.0.quantity"]
    assert ledger(salon) == before


def test_another_chains_storage_or_product_is_refused(salon, stocked):
    main, shampoo, _ = stocked
    other = make_salon(name="Elsewhere")
    theirs_storage, theirs_product = storage(other), product(other)

    with pytest.raises(Invalid) as wrong_storage:
        sell(salon, theirs_storage, {shampoo: 1})
    with pytest.raises(Invalid) as wrong_product:
        sell(salon, main, {theirs_product: 1}, kind="sale_return")

    assert list(wrong_storage.value.errors) == ["storage_id"]
    assert list(wrong_product.value.errors) == ["lines.0.product_id"]
    assert not StockMovement.objects.filter(chain=other.chain).exists()


def test_movements_roll_back_with_the_callers_transaction(salon, stocked):
    main, shampoo, _ = stocked
    events = ChangeEvent.objects.count()

    with pytest.raises(ZeroDivisionError), transaction.atomic():
        sell(salon, main, {shampoo: 3})
        1 / 0  # the checkout fails after moving the stock  # noqa: B018

    assert in_stock(main, shampoo) == 3
    assert ChangeEvent.objects.count() == events
