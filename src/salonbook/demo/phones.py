"""The demo's phone numbers, staff and clients alike: valid, in E.164, and never given out twice."""

from __future__ import annotations

from collections.abc import Callable

import phonenumbers

from salonbook.demo.state import Demo

AREA_CODES = {"ny": [212, 347, 646, 718, 917, 929], "az": [480, 602, 623]}


def unique_phone(demo: Demo, make: Callable[[], str]) -> str:
    """Draw numbers from `make` until one is valid and new."""
    while True:
        raw = make()
        number = phonenumbers.parse(raw, None)
        if not phonenumbers.is_valid_number(number):
            continue
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if e164 not in demo.phones:
            demo.phones.add(e164)
            return e164


def us_phone(demo: Demo, key: str) -> str:
    """A number in one of the area codes of location `key` (no 555, no N11 exchanges)."""
    rng = demo.rng

    def make() -> str:
        area = rng.choice(AREA_CODES[key])
        exchange = rng.randint(200, 999)
        while exchange == 555 or exchange % 100 == 11:
            exchange = rng.randint(200, 999)
        return f"+1{area}{exchange}{rng.randint(0, 9999):04d}"

    return unique_phone(demo, make)
