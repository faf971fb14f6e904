"""Properties of the stock ledger, whatever happens to the stock and in whichever order.

After any sequence of receipts, sales, sale returns, consumptions (some allowed below zero),
consumption returns and write-offs, some of them refused:
- the stock of each (storage, product) is what came in minus what went out, as the ledger
  sums it and as `stock_levels` reports it;
- a refused move writes nothing, and stock never goes below zero unless a move said so;
- rows already in the ledger are never changed or removed.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salonbook.inventory.selectors import stock_levels
from salonbook.inventory.services import (
    InsufficientStock,
    StockLine,
    move_stock,
    receive_stock,
    write_off_stock,
)
from tests.stock import consumable, in_stock, ledger, product, storage

pytestmark = pytest.mark.django_db

IN = {"receipt": 1, "sale_return": 1, "consumption_return": 1}
OUT = {"sale": -1, "consumption": -1, "write_off": -1}

quantities = st.integers(min_value=1, max_value=4000).map(lambda n: Decimal(n) / 1000 * 3)
lines = st.lists(
    st.tuples(st.integers(0, 2), quantities),  # product index, quantity
    min_size=1,
    max_size=3,
)
moves = st.lists(
    st.tuples(
        st.sampled_from([*IN, *OUT]),
        st.integers(0, 1),  # storage index
        lines,
        st.booleans(),  # allow_negative, for consumptions only
    ),
    max_size=14,
)


@pytest.fixture
def shop(salon):
    storages = [storage(salon, "Main storage"), storage(salon, "Retail shelf")]
    products = [product(salon, "Shampoo"), consumable(salon, "Dye"), product(salon, "Oil")]
    return salon, storages, products


def _do(salon, kind, where, stock_lines, allow_negative):
    actor = salon.actor()
    if kind == "receipt":
        receive_stock(actor=actor, storage_id=where.pk, lines=stock_lines)
    elif kind == "write_off":
        write_off_stock(actor=actor, storage_id=where.pk, lines=stock_lines, reason="Damaged")
    else:
        with transaction.atomic():  # the checkout's own transaction
            move_stock(
                actor=actor,
                storage_id=where.pk,
                lines=stock_lines,
                kind=kind,
                allow_negative=allow_negative and kind == "consumption",
            )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=moves)
def test_stock_is_what_came_in_minus_what_went_out_and_the_ledger_only_grows(shop, sequence):
    salon, storages, products = shop
    # Each example starts from empty stock: its writes are rolled back at the end.
    with transaction.atomic():
        expected: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
        went_negative: set[tuple[int, int]] = set()
        for kind, s, picked, allow_negative in sequence:
            where = storages[s]
            stock_lines = [StockLine(products[p].pk, q) for p, q in picked]
            change: dict[int, Decimal] = defaultdict(Decimal)
            for p, q in picked:
                change[p] += q * IN.get(kind, OUT.get(kind, 0))
            allowed_below_zero = allow_negative and kind == "consumption"
            refusal_due = not allowed_below_zero and any(
                expected[(s, p)] + delta < 0 for p, delta in change.items() if delta < 0
            )
            before = ledger(salon)

            try:
                _do(salon, kind, where, stock_lines, allow_negative)
            except InsufficientStock:
                assert refusal_due, (kind, picked, dict(expected))
                assert ledger(salon) == before  # nothing written
            else:
                assert not refusal_due, (kind, picked, dict(expected))
                after = ledger(salon)
                assert after[: len(before)] == before  # old rows untouched
                assert len(after) == len(before) + len(stock_lines)
                for p, delta in change.items():
                    expected[(s, p)] += delta
                    if expected[(s, p)] < 0:
                        went_negative.add((s, p))

            for key in {(s, p) for p in change}:
                actual = in_stock(storages[key[0]], products[key[1]])
                assert actual == expected[key], (key, actual, expected[key])
                assert actual >= 0 or key in went_negative

        reported = {
            (
                storages.index(next(x for x in storages if x.pk == level.storage_id)),
                next(i for i, x in enumerate(products) if x.pk == level.product_id),
            ): level.quantity
            for level in stock_levels(actor=salon.actor())
        }
        assert reported == {key: q for key, q in expected.items() if key in reported}
        assert all(q == 0 for key, q in expected.items() if key not in reported)
        transaction.set_rollback(True)
