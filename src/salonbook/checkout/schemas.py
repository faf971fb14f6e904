from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from salonbook.catalog.schemas import Price
from salonbook.http import DbInt

DiscountKindIn = Literal["", "percent", "amount"]
MethodKind = Literal["cash", "card", "transfer", "other"]


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


Quantity = Annotated[Decimal, Field(gt=0, max_digits=9, decimal_places=3)]


class ConsumableIn(Schema):
    product_id: DbInt
    quantity: Quantity
    storage_id: DbInt | None = Field(None, description="Defaults to the location's first.")
    service_line_id: DbInt | None = None


class ConsumablePatch(Schema):
    quantity: Quantity | None = None
    storage_id: DbInt | None = None


class BillOfMaterialsIn(Schema):
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
