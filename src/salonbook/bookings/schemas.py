from __future__ import annotations

from datetime import date, datetime
from datetime import date as _date  # ScheduleQuery has a field named "date"
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema
from pydantic import EmailStr, Field

from salonbook.catalog.schemas import Price

Status = Literal["expected", "confirmed", "arrived", "no_show"]
DiscountKindIn = Literal["", "percent", "amount"]
COLOR = r"^(#[0-9a-fA-F]{6})?$"


class ServiceLineIn(Schema):
    service_id: int
    price: Price | None = None
    duration_minutes: int | None = Field(None, ge=5, le=24 * 60)
    quantity: int | None = Field(
        None,
        ge=1,
        le=99,
        description="Defaults to 1, or for a service already in the booking to its quantity.",
    )
    discount_kind: DiscountKindIn | None = Field(
        None, description='"percent", "amount" or "" (none); kept for a service already booked.'
    )
    discount_value: Price | None = None


class NewClientIn(Schema):
    phone: str = Field(min_length=1, max_length=40)
    name: str = Field("", max_length=200)
    email: EmailStr | None = None


class BookingIn(Schema):
    location_id: int
    staff_id: int
    start: datetime = Field(description="ISO 8601; without an offset it is the location's time.")
    end: datetime | None = Field(None, description="Defaults to start + the services' durations.")
    services: list[ServiceLineIn] = Field(min_length=1)
    client_id: int | None = None
    new_client: NewClientIn | None = None
    color: str = Field("", pattern=COLOR)
    category_id: int | None = None
    field_values: dict[str, Any] = {}
    comment: str = Field("", max_length=2000)
    status: Status = "expected"
    override_hours: bool = Field(False, description="Book outside working hours (needs the right).")


class BookingPatch(Schema):
    start: datetime | None = None
    end: datetime | None = None
    duration_minutes: int | None = Field(None, ge=5, le=24 * 60)
    staff_id: int | None = None
    services: list[ServiceLineIn] | None = Field(None, min_length=1)
    client_id: int | None = None
    new_client: NewClientIn | None = None
    color: str | None = Field(None, pattern=COLOR)
    category_id: int | None = None
    field_values: dict[str, Any] | None = None
    comment: str | None = Field(None, max_length=2000)
    status: Status | None = None
    override_hours: bool = False


class StatusIn(Schema):
    status: Status


class ClientRef(Schema):
    id: int
    name: str
    phone: str


class CategoryRef(Schema):
    id: int
    name: str
    color: str


class ServiceLineOut(Schema):
    service_id: int
    name: str
    quantity: int
    price: Decimal
    duration_minutes: int
    discount_kind: str
    discount_value: Decimal
    discount: Decimal = Field(description="What the discount takes off the line.")
    amount: Decimal = Field(description="What the line costs: quantity x price - discount.")


class BookingOut(Schema):
    id: int
    location_id: int
    staff_id: int
    client: ClientRef | None
    start: datetime
    end: datetime
    duration_minutes: int
    status: Status
    color: str
    category: CategoryRef | None
    comment: str
    field_values: dict[str, Any]
    services: list[ServiceLineOut]
    total: Decimal
    outside_hours: bool
    version: int
    deleted: bool


class BookingCategoryIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    color: str = Field("", pattern=COLOR)


class BookingCategoryOut(BookingCategoryIn):
    id: int


class BookingCategoryPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=100)
    color: str | None = Field(None, pattern=COLOR)


class Span(Schema):
    start: datetime
    end: datetime


class StaffDay(Schema):
    date: date
    day_off: str | None = Field(description="vacation, sick_leave or day_off when not working")
    hours: Span | None
    breaks: list[Span]


class ScheduleStaff(Schema):
    id: int
    name: str
    position: str
    color: str
    days: list[StaffDay]


class LocationRef(Schema):
    id: int
    name: str
    time_zone: str


class ScheduleOut(Schema):
    location: LocationRef
    start: date
    end: date
    staff: list[ScheduleStaff]
    bookings: list[BookingOut]


class ScheduleQuery(Schema):
    location_id: int
    date: _date
    end_date: _date | None = None
    staff_id: int | None = None


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
