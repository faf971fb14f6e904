"""Money: Decimal amounts rounded to the currency's minor unit in exactly one place."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.numbers import get_currency_precision


@lru_cache(maxsize=64)
def _quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-get_currency_precision(currency.upper()))


def minor_unit(currency: str) -> Decimal:
    """The smallest amount of the currency: 0.01 for USD, 1 for JPY, 0.001 for KWD."""
    return _quantum(currency)


def round_money(amount: Decimal | int | str, currency: str) -> Decimal:
    """Round half up to the currency's minor unit (cents for USD, none for JPY)."""
    if isinstance(amount, float):
        raise TypeError("money must not be a float")
    return Decimal(amount).quantize(_quantum(currency), rounding=ROUND_HALF_UP)
