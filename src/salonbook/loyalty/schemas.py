from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import Field

from salonbook.catalog.schemas import Price
from salonbook.http import DbInt
from salonbook.loyalty.codes import MAX_LENGTH
from salonbook.loyalty.models import MAX_VALIDITY_DAYS, MAX_VISITS

Kind = Literal["membership", "gift_card"]
Visits = Field(None, ge=1, le=MAX_VISITS, description="A membership's number of visits.")
FaceValue = Field(None, description="A gift card's worth; may differ from its price.")
ValidityDays = Field(
    None, ge=1, le=MAX_VALIDITY_DAYS, description="Days from the sale to expiry; null: never."
)


class CertificateTypeOut(Schema):
    id: int
    kind: str
    name: str
    price: Decimal
    face_value: Decimal | None
    visits: int | None
    service_ids: list[int] = Field(description="Services a membership covers; empty: any.")
    validity_days: int | None
    is_active: bool
    sort_order: int
    version: int


class CertificateTypeIn(Schema):
    kind: Kind
    name: str = Field(min_length=1, max_length=200)
    price: Price
    face_value: Price | None = FaceValue
    visits: int | None = Visits
    service_ids: list[DbInt] = Field(default_factory=list, max_length=500)
    validity_days: int | None = ValidityDays
    sort_order: int = Field(0, ge=-1_000_000, le=1_000_000)


class CertificateTypePatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    price: Price | None = None
    face_value: Price | None = FaceValue
    visits: int | None = Visits
    service_ids: list[DbInt] | None = Field(None, max_length=500)
    validity_days: int | None = ValidityDays
    is_active: bool | None = None
    sort_order: int | None = Field(None, ge=-1_000_000, le=1_000_000)


class CertificateTypeFilter(Schema):
    kind: Kind | None = None
    active: bool | None = Field(None, description="Only types on sale (true) or not (false).")


class CertificateFilter(Schema):
    client_id: DbInt | None = None
    code: str = Field("", max_length=200, description="Any case, with or without hyphens.")


class CertificateOut(Schema):
    id: int
    type_id: int
    type_name: str
    kind: str
    code: str
    client_id: int | None
    sold_at: datetime
    expires_at: datetime | None
    status: str = Field(description="active or void.")
    is_expired: bool
    balance: Decimal | None = Field(description="Money left on a gift card; null otherwise.")
    visits_left: int | None = Field(description="Visits left on a membership; null otherwise.")
    source: str
    source_id: int | None
    version: int


class CertificateEntryOut(Schema):
    id: int
    kind: str
    amount: Decimal
    visits: int
    source: str
    source_id: int | None
    created_by_id: int | None
    created_at: datetime


class CertificateDetailOut(CertificateOut):
    entries: list[CertificateEntryOut] = Field(description="The ledger, oldest first.")


class CodeOut(Schema):
    code: str = Field(
        max_length=MAX_LENGTH, description="A code no live certificate of the chain has."
    )
