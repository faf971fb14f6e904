"""Turning Django's model validation into our field-error exception."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from salonbook.errors import Invalid


def full_clean_or_invalid(obj: models.Model, *, exclude: Iterable[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=list(exclude) if exclude else None, validate_constraints=False)
    except ValidationError as exc:
        raise Invalid(
            {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
        ) from exc


def refuse_nulls(model: type[models.Model], changes: dict) -> None:
    """Refuse an explicit null for a field the database keeps NOT NULL.

    `full_clean` skips empty values of blank=True fields, so a PATCH with {"address": null}
    would otherwise reach the database and fail there.
    """
    errors = {}
    for name, value in changes.items():
        if value is not None:
            continue
        field = model._meta.get_field(name.removesuffix("_id"))
        if not field.null:
            errors[name] = _("This field cannot be null; send an empty value instead.")
    if errors:
        raise Invalid(errors)


def apply_changes(
    obj: models.Model,
    changes: dict,
    *,
    allowed: Iterable[str],
    exclude: Iterable[str] | None = None,
) -> None:
    """Set `changes` on `obj` after refusing unknown fields and nulls, then validate it."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise Invalid({field: _("This field cannot be changed.") for field in sorted(unknown)})
    refuse_nulls(type(obj), changes)
    for field, value in changes.items():
        setattr(obj, field, value)
    full_clean_or_invalid(obj, exclude=exclude)
