"""The API's shapes of payment methods, cash desks and a client's figures (the visit's
lines, goods and payments are salonbook.visits.schemas)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import Field

from salonbook.http import DbInt

MethodKind = Literal["cash", "card", "transfer", "other"]


class PaymentMethodIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    kind: MethodKind = "other"
    location_id: DbInt | None = Field(None, description="Offered only there; none: everywhere.")
    sort_order: int = Field(0, ge=-(10**6), le=10**6)


class PaymentMethodPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=100)
    kind: MethodKind | None = None
    location_id: DbInt | None = None
    is_active: bool | None = None
    sort_order: int | None = Field(None, ge=-(10**6), le=10**6)


class PaymentMethodOut(Schema):
    id: int
    name: str
    kind: str
    location_id: int | None
    is_active: bool
    sort_order: int


class CashDeskIn(Schema):
    location_id: DbInt
    name: str = Field(min_length=1, max_length=100)


class CashDeskPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=100)
    is_active: bool | None = None


class CashDeskOut(Schema):
    id: int
    location_id: int
    name: str
    is_active: bool


class ClientFiguresOut(Schema):
    client_id: int
    visits: int
    sold: Decimal
    paid: Decimal
    balance: Decimal = Field(description="Sold minus paid.")
    deposit: Decimal
