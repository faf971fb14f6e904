"""The pricing rule: lines and totals to the cent, whatever the numbers and the currency."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salonbook.checkout.pricing import DiscountKind, price_line, visit_totals
from salonbook.money import round_money

prices = st.decimals(min_value=0, max_value=Decimal("9999.99"), places=2)
quantities = st.integers(min_value=1, max_value=99)
percents = st.decimals(min_value=0, max_value=100, places=2)
currencies = st.sampled_from(["USD", "EUR", "RUB", "JPY", "KWD"])


@st.composite
def lines(draw, currency):
    quantity, price = draw(quantities), draw(prices)
    kind = draw(st.sampled_from(list(DiscountKind.values)))
    if kind == DiscountKind.PERCENT:
        value = draw(percents)
    elif kind == DiscountKind.AMOUNT:
        value = draw(st.decimals(min_value=0, max_value=quantity * price, places=2))
    else:
        value = Decimal(0)
    return price_line(
        quantity=quantity,
        price=price,
        currency=currency,
        discount_kind=kind,
        discount_value=value,
    )


def test_a_line_is_quantity_times_price_less_its_discount():
    line = price_line(
        quantity=3,
        price=Decimal("19.99"),
        currency="USD",
        discount_kind="percent",
        discount_value=Decimal("10"),
    )
    assert (line.gross, line.discount, line.net) == (
        Decimal("59.97"),
        Decimal("6.00"),  # 5.997 rounds half up
        Decimal("53.97"),
    )


def test_rounding_is_half_up_to_the_currencys_minor_unit():
    half = price_line(
        quantity=1,
        price=Decimal("10.05"),
        currency="USD",
        discount_kind="percent",
        discount_value=Decimal("50"),
    )
    assert half.discount == Decimal("5.03")  # 5.025: half up, not to even
    yen = price_line(quantity=3, price=Decimal("333.50"), currency="JPY")
    assert yen.gross == Decimal("1001")  # 1000.5 -> 1001: yen have no minor unit


def test_an_amount_discount_never_takes_more_than_the_line():
    line = price_line(
        quantity=1,
        price=Decimal("5"),
        currency="USD",
        discount_kind="amount",
        discount_value=Decimal("8"),
    )
    assert (line.discount, line.net) == (Decimal("5.00"), Decimal("0.00"))


@pytest.mark.parametrize(
    ("quantity", "price", "kind", "value"),
    [(0, "1", "", "0"), (1, "-1", "", "0"), (1, "1", "percent", "101"), (1, "1", "amount", "-1")],
)
def test_impossible_lines_are_refused(quantity, price, kind, value):
    with pytest.raises(ValueError):
        price_line(
            quantity=quantity,
            price=Decimal(price),
            currency="USD",
            discount_kind=kind,
            discount_value=Decimal(value),
        )


@given(currency=currencies, data=st.data())
def test_rounding_never_loses_or_makes_a_cent(currency, data):
    priced = data.draw(st.lists(lines(currency), min_size=1, max_size=12))
    totals = visit_totals(lines=priced, payments=[], currency=currency)

    assert all(line.gross - line.discount == line.net >= 0 for line in priced)
    assert totals.total == sum(line.net for line in priced)
    assert totals.gross == sum(line.gross for line in priced)
    assert totals.gross - totals.discount == totals.total
    for figure in (totals.gross, totals.discount, totals.total):
        assert round_money(figure, currency) == figure  # already whole minor units


@given(currency=currencies, data=st.data())
def test_a_split_payment_s_parts_always_sum_to_the_total(currency, data):
    priced = data.draw(st.lists(lines(currency), min_size=1, max_size=8))
    total = visit_totals(lines=priced, payments=[], currency=currency).total
    paid: list[Decimal] = []
    due = total
    # Pay parts (never more than is due), as "Split payment" does, then the rest in one go.
    for share in data.draw(st.lists(st.floats(min_value=0.01, max_value=1), max_size=5)):
        part = round_money(due * Decimal(str(share)), currency)
        if part <= 0 or part > due:
            continue
        paid.append(part)
        due = visit_totals(lines=priced, payments=paid, currency=currency).due
    if due > 0:
        paid.append(due)

    totals = visit_totals(lines=priced, payments=paid, currency=currency)
    assert sum(paid) == total == totals.paid
    assert totals.due == 0 and totals.overpaid == 0
    assert totals.paid_in_full == (total > 0)
