"""Validating values of the chain's additional fields against their definitions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from salonbook.clients.models import AdditionalField
from salonbook.errors import Invalid


def _coerce(definition: AdditionalField, value: Any) -> Any:
    kind = definition.kind
    if kind == AdditionalField.Kind.TEXT:
        if not isinstance(value, str):
            raise ValueError(_("Enter text."))
        return value.strip()
    if kind == AdditionalField.Kind.NUMBER:
        if isinstance(value, bool):
            raise ValueError(_("Enter a number."))
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise ValueError(_("Enter a number.")) from None
        if not number.is_finite():
            raise ValueError(_("Enter a number."))
        return str(number)
    if kind == AdditionalField.Kind.DATE:
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise ValueError(_("Enter a date as YYYY-MM-DD.")) from None
    if kind == AdditionalField.Kind.CHOICE:
        if value not in definition.choices:
            raise ValueError(
                _("Choose one of: %(choices)s.")
                % {"choices": ", ".join(map(str, definition.choices))}
            )
        return value
    if kind == AdditionalField.Kind.YES_NO:
        if not isinstance(value, bool):
            raise ValueError(_("Use true or false."))
        return value
    raise ValueError(_("Unknown field kind."))


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
