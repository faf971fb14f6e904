"""The bodies of the /locations API."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field


class LocationOut(Schema):
    id: int
    name: str
    time_zone: str
    address: str
    phone: str
    slot_step_minutes: int
    min_lead_minutes: int
    is_active: bool
    version: int


class LocationIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    time_zone: str = Field(examples=["Europe/Berlin"])
    address: str = ""
    phone: str = ""
    slot_step_minutes: int = Field(15, ge=5, le=240)
    min_lead_minutes: int = Field(0, ge=0)


class LocationPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    time_zone: str | None = None
    address: str | None = None
    phone: str | None = None
    slot_step_minutes: int | None = Field(None, ge=5, le=240)
    min_lead_minutes: int | None = Field(None, ge=0)
    is_active: bool | None = None
