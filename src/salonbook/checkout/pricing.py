"""The one pricing rule: every line, every total, the pages, the API and receipts use it.

A line costs quantity x price, rounded to the currency's minor unit (half up), less its
discount: a percent of that amount, or an amount, each rounded the same way and never more
than the line. Totals are sums of rounded lines, so the parts always add up to the whole:
no cent is lost or made by rounding a total separately.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from salonbook.errors import Invalid
from salonbook.money import round_money

ZERO = Decimal(0)
HUNDRED = Decimal(100)


class DiscountKind(models.TextChoices):
    NONE = "", _("No discount")
    PERCENT = "percent", _("Percent")
    AMOUNT = "amount", _("Amount")


@dataclass(frozen=True)
class LinePrice:
    gross: Decimal  # quantity x price
    discount: Decimal  # what the discount takes off
    net: Decimal  # what the client pays for the line: gross - discount


def price_line(
    *,
    quantity: Decimal | int,
    price: Decimal,
    currency: str,
    discount_kind: str = DiscountKind.NONE,
    discount_value: Decimal = ZERO,
) -> LinePrice:
    """Price one line. Inputs are checked by the services; here they are trusted but asserted."""
    if quantity <= 0 or price < 0 or discount_value < 0:
        raise ValueError("quantity must be positive, price and discount not negative")
    gross = round_money(Decimal(quantity) * price, currency)
    if discount_kind == DiscountKind.PERCENT:
        if discount_value > HUNDRED:
            raise ValueError("a percent discount is at most 100")
        discount = round_money(gross * discount_value / HUNDRED, currency)
    elif discount_kind == DiscountKind.AMOUNT:
        discount = min(round_money(discount_value, currency), gross)
    else:
        discount = ZERO
    discount = round_money(discount, currency)
    return LinePrice(gross=gross, discount=discount, net=gross - discount)


def check_discount(
    *,
    kind: str,
    value: Decimal,
    quantity: Decimal | int,
    price: Decimal,
    currency: str,
    prefix: str = "",
) -> Decimal:
    """The one rule for what a line's discount may be: a percent up to 100, or an amount up to
    the line's own; none is zero. Returns the value to store; refusals name `prefix` fields."""
    field = f"{prefix}." if prefix else ""
    if kind not in DiscountKind.values:
        raise Invalid({f"{field}discount_kind": gettext("Use percent, amount, or nothing.")})
    if value < 0:
        raise Invalid({f"{field}discount_value": gettext("A discount cannot be negative.")})
    if kind == DiscountKind.NONE:
        return Decimal(0)
    if kind == DiscountKind.PERCENT and value > HUNDRED:
        raise Invalid({f"{field}discount_value": gettext("A percent discount is at most 100.")})
    if kind == DiscountKind.AMOUNT:
        gross = price_line(quantity=quantity, price=price, currency=currency).gross
        if round_money(value, currency) > gross:
            raise Invalid(
                {
                    f"{field}discount_value": gettext(
                        "The discount is larger than the line (%(amount)s)."
                    )
                    % {"amount": gross}
                }
            )
    return value


def starting_discount(
    *, prediscount: Decimal, kind: str | None = None, value: Decimal | None = None
) -> tuple[str, Decimal]:
    """The discount a line new to a visit starts with: the one named for it, or else the
    client's `prediscount` (a percent; 0 for none).

    A named discount replaces the prediscount whole: naming only its kind or only its value
    leaves the other one empty, it never mixes with the prediscount. Service lines, product
    sales and the pages' forms all start lines here.
    """
    if kind is not None or value is not None:
        return (DiscountKind.NONE if kind is None else kind, ZERO if value is None else value)
    if prediscount:
        return DiscountKind.PERCENT, prediscount
    return DiscountKind.NONE, ZERO


@dataclass(frozen=True)
class Totals:
    gross: Decimal  # the lines before discounts
    discount: Decimal  # all discounts
    total: Decimal  # what the visit costs: gross - discount
    paid: Decimal  # live payments
    due: Decimal  # still to pay (never below zero; `overpaid` says by how much it is)
    overpaid: Decimal

    @property
    def paid_in_full(self) -> bool:
        return self.paid > 0 and self.due == 0


def visit_totals(
    *, lines: Iterable[LinePrice], payments: Iterable[Decimal], currency: str
) -> Totals:
    """The sums of a visit; every figure a sum of already rounded amounts."""
    priced = list(lines)
    gross = round_money(sum((line.gross for line in priced), ZERO), currency)
    discount = round_money(sum((line.discount for line in priced), ZERO), currency)
    total = gross - discount
    paid = round_money(sum(payments, ZERO), currency)
    return Totals(
        gross=gross,
        discount=discount,
        total=total,
        paid=paid,
        due=max(total - paid, ZERO),
        overpaid=max(paid - total, ZERO),
    )
