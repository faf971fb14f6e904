from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field

# A non-negative amount with at most two decimals (cents).
Price = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]


class CategoryIn(Schema):
    name: str = Field(min_length=1, max_length=150)
    sort_order: int = 0


class CategoryPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=150)
    sort_order: int | None = None


class CategoryOut(Schema):
    id: int
    name: str
    sort_order: int


class ServiceOut(Schema):
    id: int
    name: str
    category_id: int | None
    description: str
    duration_minutes: int
    price: Decimal
    is_active: bool
    sort_order: int
    version: int


class ServiceIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    duration_minutes: int = Field(ge=5, le=24 * 60)
    price: Price
    category_id: int | None = None
    description: str = ""
    sort_order: int = 0


class ServicePatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    duration_minutes: int | None = Field(None, ge=5, le=24 * 60)
    price: Price | None = None
    category_id: int | None = None
    description: str | None = None
    is_active: bool | None = None
    sort_order: int | None = None


class StaffServiceIn(Schema):
    service_id: int
    price: Price | None = None
    duration_minutes: int | None = Field(None, ge=5, le=24 * 60)


class StaffServicesIn(Schema):
    services: list[StaffServiceIn] = Field(description="Everything this staff member performs.")


class StaffServiceOut(Schema):
    service_id: int
    name: str
    price: Decimal
    duration_minutes: int
    own_price: Decimal | None
    own_duration_minutes: int | None
