"""Validating values of the chain's additional fields against their definitions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from salonbook.clients.models import AdditionalField
from salonbook.errors import Invalid


def _text(definition: AdditionalField, value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError(_("Enter text."))
    return value.strip()


def _number(definition: AdditionalField, value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(_("Enter a number."))
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(_("Enter a number.")) from None
    if not number.is_finite():
        raise ValueError(_("Enter a number."))
    return str(number)


def _date(definition: AdditionalField, value: Any) -> Any:
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ValueError(_("Enter a date as YYYY-MM-DD.")) from None


def _choice(definition: AdditionalField, value: Any) -> Any:
    if value not in definition.choices:
        raise ValueError(
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(map(str, definition.choices))}
        )
    return value


def _yes_no(definition: AdditionalField, value: Any) -> Any:
    if not isinstance(value, bool):
        raise ValueError(_("Use true or false."))
    return value


# How each kind of field checks and normalises a value (ValueError with the reason).
_COERCE: dict[str, Callable[[AdditionalField, Any], Any]] = {
    AdditionalField.Kind.TEXT: _text,
    AdditionalField.Kind.NUMBER: _number,
    AdditionalField.Kind.DATE: _date,
    AdditionalField.Kind.CHOICE: _choice,
    AdditionalField.Kind.YES_NO: _yes_no,
}


def _coerce(definition: AdditionalField, value: Any) -> Any:
    coerce = _COERCE.get(definition.kind)
    if coerce is None:
        raise ValueError(_("Unknown field kind."))
    return coerce(definition, value)


def clean_field_values(
    *,
    chain_id: int,
    applies_to: str,
    values: dict[str, Any],
    prefix: str = "field_values",
    current: dict[str, Any] | None = None,
    active: Iterable[AdditionalField] | None = None,
) -> dict[str, Any]:
    """Values checked and normalised; unknown keys, bad values and missing required ones refused.

    `current` is what the record holds now: its values for fields that have since been
    deactivated are kept, since nobody can see or send them any more. `active` are the
    chain's active fields for `applies_to` when the caller has read them already (an import
    checks thousands of rows against them).
    """
    if active is None:
        active = AdditionalField.objects.filter(
            chain_id=chain_id, applies_to=applies_to, is_active=True
        )
    definitions = {d.key: d for d in active}
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for key, value in (values or {}).items():
        definition = definitions.get(key)
        if definition is None:
            errors[f"{prefix}.{key}"] = _("No such additional field.")
            continue
        if value is None or value == "":
            continue
        try:
            cleaned[key] = _coerce(definition, value)
        except ValueError as exc:
            errors[f"{prefix}.{key}"] = str(exc)
    for key, definition in definitions.items():
        if definition.required and key not in cleaned and f"{prefix}.{key}" not in errors:
            errors[f"{prefix}.{key}"] = _("%(field)s is required.") % {"field": definition.label}
    if errors:
        raise Invalid(errors)
    kept = {k: v for k, v in (current or {}).items() if k not in definitions}
    return {**kept, **cleaned}
