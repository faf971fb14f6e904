from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field


class MeOut(Schema):
    user_id: int
    email: str
    chain_id: int
    chain_name: str
    currency: str
    role: str
    permissions: list[str]
    staff_member_id: int | None


class TokenIn(Schema):
    name: str = Field("API token", max_length=100)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    token: str = Field(description="The secret; shown only in this answer.")
