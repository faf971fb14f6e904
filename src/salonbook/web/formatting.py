"""Dates, times, money and phone numbers for people: the UI language, the chain's country and
currency.

One place formats for the pages, so "9:30 AM" / "09:30" and "$40.00" / "40,00 $" follow the
user's language everywhere. Amounts are rounded by salonbook.money before they get here.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache

import phonenumbers
from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_currency
from django.utils import translation


@lru_cache(maxsize=32)
def _locale(language: str, country: str) -> Locale:
    try:
        return Locale.parse(f"{language}_{country.upper()}")
    except (UnknownLocaleError, ValueError):
        return Locale.parse(language)


def current_locale(country: str = "US") -> Locale:
    """Babel's locale for the active UI language, in the chain's country."""
    return _locale((translation.get_language() or "en").split("-")[0], country)


def money(amount: Decimal, currency: str, country: str = "US") -> str:
    return format_currency(amount, currency, locale=current_locale(country))


def short_time(value: datetime | time, country: str = "US") -> str:
    return format_time(value, "short", locale=current_locale(country))


def day_label(value: date, country: str = "US", style: str = "full") -> str:
    return format_date(value, style, locale=current_locale(country))


def date_time(value: datetime, country: str = "US") -> str:
    return format_datetime(value, "medium", locale=current_locale(country))


def format_phone(e164: str) -> str:
    """International display form: +1 212-555-0123."""
    if not e164:
        return ""
    number = phonenumbers.parse(e164, None)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
