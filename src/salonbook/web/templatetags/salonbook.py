"""Template tags for locale-aware money, dates and times: `{% load salonbook %}`."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django import template

from salonbook.web import formatting

register = template.Library()


def _chain(context: Any) -> tuple[str, str]:
    actor = context.get("actor")
    if actor is None:
        return "USD", "US"
    return actor.chain.currency, actor.chain.country


@register.simple_tag(takes_context=True)
def money(context: Any, amount: Decimal | None) -> str:
    if amount is None:
        return ""
    currency, country = _chain(context)
    return formatting.money(amount, currency, country)


@register.simple_tag(takes_context=True)
def clock(context: Any, value: datetime | time | None) -> str:
    if value is None:
        return ""
    return formatting.short_time(value, _chain(context)[1])


@register.simple_tag(takes_context=True)
def day(context: Any, value: date | None, style: str = "full") -> str:
    if value is None:
        return ""
    return formatting.day_label(value, _chain(context)[1], style)


@register.filter
def field_errors(errors: dict[str, list[str]] | None, name: str) -> list[str]:
    """`{{ errors|field_errors:"start" }}`: the messages a service gave for one field."""
    return (errors or {}).get(name, [])


@register.filter
def phone(value: str | None) -> str:
    """An E.164 number as people write it (+1 212-555-0123); a masked one as it is."""
    if not value or "*" in value:
        return value or ""
    try:
        return formatting.format_phone(value)
    except Exception:  # noqa: BLE001 - a stored oddity is shown rather than breaking the page
        return value
