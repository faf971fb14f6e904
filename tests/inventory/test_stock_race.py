"""Sales racing for the last items: stock never goes below zero, and nobody deadlocks."""

from __future__ import annotations

import threading
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connections, transaction

from salonbook.accounts.selectors import actor_for_user
from salonbook.inventory.lock_objects import lock_products
from salonbook.inventory.services import InsufficientStock, StockLine, move_stock
from tests.salon import make_salon
from tests.stock import in_stock, product, receive, storage


def _race(salon, orders):
    """Each order (a list of (storage, product, quantity)) is sold from its own thread and
    connection, in its own transaction, all released at once. Returns "sold"/"refused" each."""
    barrier = threading.Barrier(len(orders))
    outcomes: list[str] = []
    lock = threading.Lock()

    def seller(order):
        try:
            actor = actor_for_user(user=salon.owner, chain_id=salon.chain.pk)
            barrier.wait(timeout=30)
            try:
                with transaction.atomic():
                    # What lock_products asks of a caller that moves stock more than once.
                    lock_products(chain_id=salon.chain.pk, product_ids=[p.pk for _, p, _ in order])
                    for where, what, quantity in order:
                        move_stock(
                            actor=actor,
                            storage_id=where.pk,
                            lines=[StockLine(product_id=what.pk, quantity=Decimal(quantity))],
                            kind="sale",
                        )
                outcome = "sold"
            except InsufficientStock:
                outcome = "refused"
            except Exception as exc:  # noqa: BLE001 - a deadlock or lock error is a failure
                outcome = f"error: {exc!r}"
            with lock:
                outcomes.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=seller, args=(order,)) for order in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return Counter(outcomes)


@pytest.mark.django_db(transaction=True)
def test_ten_sales_of_the_last_three_items_sell_exactly_three():
    salon = make_salon()
    shelf, shampoo = storage(salon), product(salon)
    receive(salon, shelf, {shampoo: 3})

    outcomes = _race(salon, [[(shelf, shampoo, 1)]] * 10)

    assert outcomes == {"sold": 3, "refused": 7}, outcomes
    assert in_stock(shelf, shampoo) == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_sales_taking_the_same_products_in_opposite_orders_neither_deadlock_nor_oversell():
    """On PostgreSQL the products' rows are locked in id order, so a sale moving A then B
    and one moving B then A (from two storages, in two calls, as a visit's sale and its
    consumables may) queue instead of deadlocking, as each locks its products up front."""
    salon = make_salon()
    main, shelf = storage(salon, "Main storage"), storage(salon, "Retail shelf")
    a, b = product(salon, "Shampoo"), product(salon, "Conditioner")
    receive(salon, main, {a: 5, b: 5})
    receive(salon, shelf, {a: 5, b: 5})
    forwards = [(main, a, 1), (shelf, b, 1)]
    backwards = [(shelf, b, 1), (main, a, 1)]

    outcomes = _race(salon, [forwards, backwards] * 6)

    assert outcomes == {"sold": 5, "refused": 7}, outcomes
    assert (in_stock(main, a), in_stock(shelf, b)) == (0, 0)
    assert (in_stock(main, b), in_stock(shelf, a)) == (5, 5)
