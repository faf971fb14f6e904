"""How the Django admin of every app lists a record's fields (beside salonbook.records)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

# The columns models take from salonbook.records: declared there first, so Django would list
# them first; the admin shows a record's own fields first, as it did before they were shared.
SHARED_COLUMNS = ("version", "created_at", "created_by", "deleted_at", "deleted_by")


class RecordAdmin(admin.ModelAdmin):
    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        fields = list(super().get_fields(request, obj))
        return [f for f in fields if f not in SHARED_COLUMNS] + [
            f for f in fields if f in SHARED_COLUMNS
        ]
