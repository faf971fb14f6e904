"""The API of the checkout's settings (payment methods, cash desks), a client's figures and
deleting a payment. Paying and the rest of the visit are salonbook.visits.api.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from salonbook.checkout import client_selectors, payments, selectors, services
from salonbook.checkout.schemas import (
    CashDeskIn,
    CashDeskOut,
    CashDeskPatch,
    ClientFiguresOut,
    PaymentMethodIn,
    PaymentMethodOut,
    PaymentMethodPatch,
)
from salonbook.http import DbInt
from salonbook.tenancy.context import actor_of

router = Router()


@router.delete("/payments/{payment_id}", response={204: None})
def delete_payment(request: HttpRequest, payment_id: int):
    """Soft delete: what it paid is due again."""
    payments.delete_payment(actor=actor_of(request), payment_id=payment_id)
    return Status(204, None)


class LocationFilter(Schema):
    location_id: DbInt | None = None


@router.get("/payment-methods", response=list[PaymentMethodOut])
def list_payment_methods(request: HttpRequest, params: Query[LocationFilter]):
    return selectors.payment_methods(actor=actor_of(request), location_id=params.location_id)


@router.post("/payment-methods", response={201: PaymentMethodOut})
def create_payment_method(request: HttpRequest, payload: PaymentMethodIn):
    return Status(201, services.create_payment_method(actor=actor_of(request), **payload.dict()))


@router.patch("/payment-methods/{method_id}", response=PaymentMethodOut)
def update_payment_method(request: HttpRequest, method_id: int, payload: PaymentMethodPatch):
    return services.update_payment_method(
        actor=actor_of(request), method_id=method_id, **payload.dict(exclude_unset=True)
    )


@router.get("/cash-desks", response=list[CashDeskOut])
def list_cash_desks(request: HttpRequest, params: Query[LocationFilter]):
    return selectors.cash_desks(actor=actor_of(request), location_id=params.location_id)


@router.post("/cash-desks", response={201: CashDeskOut})
def create_cash_desk(request: HttpRequest, payload: CashDeskIn):
    return Status(201, services.create_cash_desk(actor=actor_of(request), **payload.dict()))


@router.patch("/cash-desks/{cash_desk_id}", response=CashDeskOut)
def update_cash_desk(request: HttpRequest, cash_desk_id: int, payload: CashDeskPatch):
    return services.update_cash_desk(
        actor=actor_of(request), cash_desk_id=cash_desk_id, **payload.dict(exclude_unset=True)
    )


@router.get("/clients/{client_id}/figures", response=ClientFiguresOut)
def client_figures(request: HttpRequest, client_id: int):
    """Visits, what was sold and paid, the balance (sold - paid) and the deposit."""
    return client_selectors.client_figures(actor=actor_of(request), client_id=client_id)
