"""The API's shapes of bookings, the schedule and visits (their lines, goods and payments).

Each schema's name is unique across the API (tests/test_openapi.py), so the published OpenAPI
document describes every body the server takes.
"""

from __future__ import annotations

from datetime import date, datetime
from datetime import date as _date  # ScheduleQuery has a field named "date"
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import EmailStr, Field

from salonbook.bookings.schemas import COLOR
from salonbook.catalog.schemas import Price
from salonbook.http import DbInt

DiscountKindIn = Literal["", "percent", "amount"]


Status = Literal["expected", "confirmed", "arrived", "no_show"]


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


# --- the visit -----------------------------------------------------------------------------


class VisitLineOut(Schema):
    id: int
    service_id: int
    name: str
    quantity: int
    price: Decimal
    discount_kind: str
    discount_value: Decimal
    discount: Decimal
    amount: Decimal
    duration_minutes: int


class SoldCertificateOut(Schema):
    id: int
    kind: str = Field(description='"membership" or "gift_card"')
    code: str = Field(description="Whole for who manages memberships and gift cards.")


class VisitSaleOut(Schema):
    id: int
    product_id: int | None
    name: str
    quantity: int
    price: Decimal
    discount_kind: str
    discount_value: Decimal
    discount: Decimal
    amount: Decimal
    seller_id: int | None
    seller: str
    storage_id: int | None
    certificate: SoldCertificateOut | None = Field(
        description="The membership or gift card this line sold."
    )


class VisitConsumableOut(Schema):
    id: int
    product_id: int
    name: str
    unit: str
    quantity: Decimal
    storage_id: int
    storage: str
    service_line_id: int | None
    service: str = Field(description="The service whose bill of materials it came from.")
    written_off: bool = Field(description="Left the stock (the visit is paid in full).")


class VisitPaymentOut(Schema):
    id: int
    amount: Decimal
    method_id: int
    method: str
    cash_desk_id: int | None
    created_at: datetime


class VisitTotalsOut(Schema):
    gross: Decimal = Field(description="The lines before discounts.")
    discount: Decimal
    total: Decimal = Field(description="What the visit costs.")
    paid: Decimal
    due: Decimal = Field(description="Still to pay.")
    paid_in_full: bool


class VisitOut(Schema):
    booking_id: int
    location_id: int
    staff_id: int
    client_id: int | None
    status: str
    version: int
    currency: str
    services: list[VisitLineOut]
    sales: list[VisitSaleOut]
    consumables: list[VisitConsumableOut]
    payments: list[VisitPaymentOut]
    totals: VisitTotalsOut


class LineAddIn(Schema):
    service_id: DbInt
    quantity: int = Field(1, ge=1, le=99)


class LinePatch(Schema):
    quantity: int | None = Field(None, ge=1, le=99)
    price: Price | None = None
    discount_kind: DiscountKindIn | None = None
    discount_value: Price | None = None


class PaymentIn(Schema):
    method_id: DbInt
    amount: Price | None = Field(None, description="Defaults to everything still due.")
    cash_desk_id: DbInt | None = None
    keep_excess_as_deposit: bool = Field(
        False, description="Keep what is paid beyond the amount due as the client's deposit."
    )
    expected_due: Price | None = Field(
        None, description="What you saw due: if it changed meanwhile, nothing is taken (422)."
    )


Quantity = Annotated[Decimal, Field(gt=0, max_digits=9, decimal_places=3)]


class ConsumableIn(Schema):
    product_id: DbInt
    quantity: Quantity
    storage_id: DbInt | None = Field(None, description="Defaults to the location's first.")
    service_line_id: DbInt | None = None


class ConsumablePatch(Schema):
    quantity: Quantity | None = None
    storage_id: DbInt | None = None


class ApplyBillOfMaterialsIn(Schema):
    storage_id: DbInt | None = None


class SaleIn(Schema):
    product_id: DbInt
    quantity: int = Field(1, ge=1, le=999)
    price: Price | None = Field(None, description="Defaults to the product's price.")
    discount_kind: DiscountKindIn | None = Field(
        None, description="Leave both out for the client's prediscount ('' for no discount)."
    )
    discount_value: Price | None = None
    seller_id: DbInt | None = Field(None, description="Defaults to the visit's staff member.")
    storage_id: DbInt | None = Field(None, description="Defaults to the location's first.")


class CertificateSaleIn(Schema):
    type_id: DbInt
    code: str | None = Field(
        None, max_length=64, description="Leave out to generate one (POST /certificates/codes)."
    )
    price: Price | None = Field(None, description="Defaults to the type's price.")
    discount_kind: DiscountKindIn = ""
    discount_value: Price = Decimal(0)
    seller_id: DbInt | None = None
