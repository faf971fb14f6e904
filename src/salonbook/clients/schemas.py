"""The client card's and the additional fields' API schemas."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema
from pydantic import EmailStr, Field

Gender = Literal["", "female", "male"]
Importance = Literal["", "bronze", "silver", "gold"]


class ClientOut(Schema):
    id: int
    name: str
    phone: str = Field(description="E.164; masked without the right to see phone numbers.")
    email: str
    gender: str
    birth_date: date | None
    card_number: str
    importance: str = Field(description="'' (no class), bronze, silver or gold.")
    prediscount: Decimal = Field(description="A percent off the services and goods of new visits.")
    sms_birthday: bool = Field(description="On the birthday greeting list.")
    sms_excluded: bool = Field(description="Excluded from SMS mailings.")
    comment: str
    field_values: dict[str, Any]
    created_at: datetime
    version: int


class ClientIn(Schema):
    name: str = Field("", max_length=200)
    phone: str = Field("", max_length=40, examples=["+1 212 555 0123"])
    email: EmailStr | None = None
    gender: Gender = ""
    birth_date: date | None = None
    card_number: str = Field("", max_length=40)
    importance: Importance = ""
    prediscount: Decimal = Field(Decimal("0"), ge=0, le=100, max_digits=5, decimal_places=2)
    sms_birthday: bool = False
    sms_excluded: bool = False
    comment: str = ""
    field_values: dict[str, Any] = {}


class ClientPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    phone: str | None = Field(None, max_length=40)
    email: EmailStr | None = None
    gender: Gender | None = None
    birth_date: date | None = None
    card_number: str | None = Field(None, max_length=40)
    importance: Importance | None = None
    prediscount: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)
    sms_birthday: bool | None = None
    sms_excluded: bool | None = None
    comment: str | None = None
    field_values: dict[str, Any] | None = None


class AdditionalFieldIn(Schema):
    applies_to: str = Field(pattern="^(client|booking)$")
    key: str = Field(pattern=r"^[a-z0-9_\-]{1,50}$")
    label: str = Field(min_length=1, max_length=100)
    kind: str = Field("text", pattern="^(text|number|date|choice|yes_no)$")
    choices: list[str] = []
    required: bool = False
    sort_order: int = 0


class AdditionalFieldOut(AdditionalFieldIn):
    id: int
    is_active: bool


class AdditionalFieldPatch(Schema):
    """The key and the kind cannot change: values are stored under the key."""

    label: str | None = Field(None, min_length=1, max_length=100)
    choices: list[str] | None = None
    required: bool | None = None
    sort_order: int | None = None
    is_active: bool | None = None
