"""Phone numbers: parsed with `phonenumbers`, stored as E.164, masked without the right."""

from __future__ import annotations

import re

import phonenumbers
from django.utils.translation import gettext as _

from salonbook.errors import Invalid


def normalize_phone(raw: str, *, region: str, field: str = "phone") -> str:
    """E.164 form of `raw`; numbers without a country code are read in `region`."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, region.upper())
    except phonenumbers.NumberParseException:
        raise Invalid({field: _("“%(raw)s” is not a phone number.") % {"raw": raw}}) from None
    if not phonenumbers.is_valid_number(number):
        raise Invalid(
            {
                field: _(
                    "“%(raw)s” is not a valid phone number for %(country)s "
                    "(add the country code, e.g. +44...)."
                )
                % {"raw": raw, "country": region.upper()}
            }
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def mask_phone(e164: str) -> str:
    """Keep the country code and the last two digits: +1 *** *** **23."""
    if not e164:
        return ""
    number = phonenumbers.parse(e164, None)
    national = str(number.national_number)
    return f"+{number.country_code} " + "*" * max(len(national) - 2, 0) + national[-2:]


def phone_search_key(e164: str) -> str:
    """The digits a phone search matches: international and national (with its trunk prefix),
    so "+7 916", "8 916" and "0101" all find +79161230101."""
    if not e164:
        return ""
    number = phonenumbers.parse(e164, None)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    national_digits = re.sub(r"\D", "", national)
    return f"{e164[1:]} {national_digits}"
