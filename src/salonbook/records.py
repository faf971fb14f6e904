"""What the rows of several apps share, declared once: a version for records that are edited
from many screens at once, who created a row and when, and soft deletion.

Abstract models: a model takes its columns from them, so the columns are the same everywhere
and moving a declaration here changes no table (no migration).
"""

from __future__ import annotations

from typing import Self, TypeVar

from django.conf import settings
from django.db import models

_Row = TypeVar("_Row", bound=models.Model)


class Versioned(models.Model):
    """A record edited from many screens: its `version` goes up with every change (see
    salonbook.sync.versioned), so a writer holding an older one is refused (If-Match, 412)."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class Created(models.Model):
    """When a row was written and by whom (kept when the person leaves: SET_NULL)."""

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class LiveQuerySet(models.QuerySet[_Row]):
    """The rows of a SoftDeleted model; `live()` leaves out the deleted ones."""

    def live(self) -> Self:
        return self.filter(deleted_at__isnull=True)


class SoftDeleted(models.Model):
    """A row deleted for the user but kept for history and audit: when, and by whom."""

    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
