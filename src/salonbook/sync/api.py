from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from salonbook.http import DbInt
from salonbook.sync.selectors import changes_after
from salonbook.tenancy.context import actor_of

router = Router()


class ChangeOut(Schema):
    cursor: int
    entity: str
    id: int
    action: str
    version: int
    at: datetime
    actor_id: int | None
    data: dict[str, Any]


class ChangesOut(Schema):
    changes: list[ChangeOut]
    next: int = Field(description="Pass as `after` to get what happens next.")
    more: bool


class ChangesQuery(Schema):
    after: DbInt = 0
    limit: int = Field(500, ge=1, le=1000)


@router.get("", response=ChangesOut)
def list_changes(request: HttpRequest, params: Query[ChangesQuery]):
    """Every change in the chain after the cursor, oldest first."""
    return changes_after(actor=actor_of(request), after=params.after, limit=params.limit)
