from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field

from salonbook.catalog.models import Product
from salonbook.http import DbInt

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


# --- products ------------------------------------------------------------------------------

# An amount of a product in its unit: above zero, at most three decimals.
Quantity = Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=3)]
UnitName = Product.Unit
Code = Annotated[str, Field(max_length=64)]


class ProductOut(Schema):
    id: int
    name: str
    sku: str
    barcode: str
    unit: str
    price: Decimal
    cost: Decimal
    for_sale: bool
    is_consumable: bool
    is_active: bool
    sort_order: int
    version: int


class ProductIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    unit: UnitName = Product.Unit.PIECE
    price: Price = Decimal(0)
    cost: Price = Decimal(0)
    for_sale: bool = True
    is_consumable: bool = False
    sku: Code = ""
    barcode: Code = ""
    sort_order: int = 0


class ProductPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    unit: UnitName | None = None
    price: Price | None = None
    cost: Price | None = None
    for_sale: bool | None = None
    is_consumable: bool | None = None
    sku: Code | None = None
    barcode: Code | None = None
    is_active: bool | None = None
    sort_order: int | None = None


class MaterialIn(Schema):
    product_id: DbInt
    quantity: Quantity


class BillOfMaterialsIn(Schema):
    items: list[MaterialIn] = Field(description="Every consumable the service uses, in order.")


class MaterialOut(Schema):
    product_id: int
    name: str
    unit: str
    quantity: Decimal
    is_active: bool
