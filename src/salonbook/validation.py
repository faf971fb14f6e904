"""Turning Django's model validation into our field-error exception."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models

from salonbook.errors import Invalid


def full_clean_or_invalid(obj: models.Model, *, exclude: Iterable[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=list(exclude) if exclude else None, validate_constraints=False)
    except ValidationError as exc:
        raise Invalid(
            {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
        ) from exc
