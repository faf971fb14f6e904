"""The schemas of a client's visits as the API shows them (GET /clients/{id}/visits)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field


class VisitPlace(Schema):
    id: int
    name: str


class ClientVisitOut(Schema):
    id: int
    start_at: datetime = Field(description="In the location's time zone.")
    location: VisitPlace
    staff: VisitPlace
    services: list[str]
    sales: list[str]
    total: Decimal
    paid: Decimal
    due: Decimal
    happened: bool = Field(description="Arrived or paid for: what is due on it is owed.")
    status: str
    status_label: str


class ClientVisitsOut(Schema):
    client_id: int
    visits: list[ClientVisitOut]
    offset: int
    has_more: bool
