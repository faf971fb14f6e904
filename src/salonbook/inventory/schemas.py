from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from salonbook.catalog.schemas import Price, Quantity
from salonbook.http import DbInt


class StorageOut(Schema):
    id: int
    location_id: int
    name: str
    is_active: bool
    version: int


class StorageIn(Schema):
    location_id: DbInt
    name: str = Field(min_length=1, max_length=100)


class StoragePatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=100)
    is_active: bool | None = None


class ReceiptLineIn(Schema):
    product_id: DbInt
    quantity: Quantity
    unit_cost: Price | None = Field(
        None, description="Cost of one unit; the product's if left out."
    )


class ReceiptIn(Schema):
    storage_id: DbInt
    lines: list[ReceiptLineIn] = Field(min_length=1)
    note: str = Field("", max_length=500)


class WriteOffLineIn(Schema):
    product_id: DbInt
    quantity: Quantity


class WriteOffIn(Schema):
    storage_id: DbInt
    lines: list[WriteOffLineIn] = Field(min_length=1)
    reason: str = Field(min_length=1, max_length=500)


class MovementOut(Schema):
    id: int
    storage_id: int
    product_id: int
    quantity: Decimal = Field(description="Signed: above zero came in, below zero went out.")
    kind: str
    unit_cost: Decimal | None
    note: str
    source: str
    source_id: int | None
    created_by_id: int | None
    created_at: datetime
    balance: Decimal | None = Field(
        None,
        description="Stock right after this movement (when one storage and one product "
        "are asked for).",
    )


class MovementsOut(Schema):
    movements: list[MovementOut]
    next: int | None = Field(description="Pass as `after` to get the next page.")
    more: bool


class StockLevelOut(Schema):
    storage_id: int
    product_id: int
    name: str
    unit: str
    quantity: Decimal
    value: Decimal = Field(description="The stock at the product's current cost.")


class StockMovedOut(Schema):
    movements: list[MovementOut]
    stock: list[StockLevelOut] = Field(description="The stock of the moved products afterwards.")
