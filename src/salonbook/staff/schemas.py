from __future__ import annotations

from ninja import Schema
from pydantic import Field

COLOR = r"^(#[0-9a-fA-F]{6})?$"


class PositionIn(Schema):
    name: str = Field(min_length=1, max_length=100)


class PositionOut(Schema):
    id: int
    name: str


class StaffOut(Schema):
    id: int
    name: str
    location_id: int
    position_id: int | None
    phone: str
    email: str
    color: str
    sort_order: int
    is_active: bool
    version: int


class StaffIn(Schema):
    name: str = Field(min_length=1, max_length=150)
    location_id: int
    position_id: int | None = None
    phone: str = ""
    email: str = ""
    color: str = Field("", pattern=COLOR)
    sort_order: int = 0


class StaffPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=150)
    location_id: int | None = None
    position_id: int | None = None
    phone: str | None = None
    email: str | None = None
    color: str | None = Field(None, pattern=COLOR)
    sort_order: int | None = None
    is_active: bool | None = None
