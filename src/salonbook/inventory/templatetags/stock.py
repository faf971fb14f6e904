"""Quantities and the moments stock moved, for people: `{% load stock %}`."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal
from django import template

from salonbook.web import formatting

register = template.Library()


def _country(context: Any) -> str:
    actor = context.get("actor")
    return actor.chain.country if actor is not None else "US"


@register.simple_tag(takes_context=True)
def quantity(context: Any, value: Decimal | None, signed: bool = False) -> str:
    """12.500 as "12.5" (or "12,5" in Russian), 1000 as "1,000"; `signed` puts + before
    what came in."""
    if value is None:
        return ""
    text = format_decimal(
        value, format="#,##0.###", locale=formatting.current_locale(_country(context))
    )
    return f"+{text}" if signed and value > 0 else text


@register.simple_tag(takes_context=True)
def moment(context: Any, value: datetime | None, zone: str = "UTC") -> str:
    """A date and time as the people of a location read it, in its time zone."""
    if value is None:
        return ""
    return formatting.date_time(value.astimezone(ZoneInfo(zone)), _country(context))
