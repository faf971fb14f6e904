"""The API's shapes of booking categories and free slots (bookings and the schedule are
salonbook.visits.schemas)."""

from __future__ import annotations

from datetime import date

from ninja import Schema
from pydantic import Field

COLOR = r"^(#[0-9a-fA-F]{6})?$"


class BookingCategoryIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    color: str = Field("", pattern=COLOR)


class BookingCategoryOut(BookingCategoryIn):
    id: int


class BookingCategoryPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=100)
    color: str | None = Field(None, pattern=COLOR)


class SlotDay(Schema):
    date: date
    times: list[str]


class StaffSlotsOut(Schema):
    staff_id: int
    staff_name: str
    location_id: int
    time_zone: str
    duration_minutes: int
    days: list[SlotDay]


class FreeSlotsQuery(Schema):
    service_id: int
    start: date
    end: date | None = None
    staff_id: int | None = None
    location_id: int | None = None
