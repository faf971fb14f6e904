from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status

from salonbook.checkout import consumables, sales, selectors, services
from salonbook.checkout.schemas import (
    BillOfMaterialsIn,
    CashDeskIn,
    CashDeskOut,
    CashDeskPatch,
    CertificateSaleIn,
    ClientFiguresOut,
    ConsumableIn,
    ConsumablePatch,
    LineAddIn,
    LinePatch,
    PaymentIn,
    PaymentMethodIn,
    PaymentMethodOut,
    PaymentMethodPatch,
    SaleIn,
    VisitOut,
)
from salonbook.http import DbInt, if_match_version, set_etag
from salonbook.tenancy.context import Actor, actor_of

router = Router()


def _visit(actor: Actor, response: HttpResponse, booking_id: int) -> dict:
    data = selectors.visit_detail(actor=actor, booking_id=booking_id)
    set_etag(response, data["version"])
    return data


@router.get("/bookings/{booking_id}/visit", response=VisitOut)
def get_visit(request: HttpRequest, response: HttpResponse, booking_id: int):
    """The visit: its service lines priced, its payments, total, discount, paid and due."""
    return _visit(actor_of(request), response, booking_id)


@router.post("/bookings/{booking_id}/services", response=VisitOut)
def add_line(request: HttpRequest, response: HttpResponse, booking_id: int, payload: LineAddIn):
    """Add a service to the visit (the booking grows by its duration)."""
    actor = actor_of(request)
    services.add_service_line(
        actor=actor,
        booking_id=booking_id,
        expected_version=if_match_version(request),
        **payload.dict(),
    )
    return _visit(actor, response, booking_id)


@router.patch("/bookings/{booking_id}/services/{line_id}", response=VisitOut)
def change_line(
    request: HttpRequest, response: HttpResponse, booking_id: int, line_id: int, payload: LinePatch
):
    """Quantity, price and discount (percent or amount) of one line."""
    actor = actor_of(request)
    services.change_service_line(
        actor=actor,
        booking_id=booking_id,
        line_id=line_id,
        expected_version=if_match_version(request),
        **payload.dict(exclude_unset=True),
    )
    return _visit(actor, response, booking_id)


@router.delete("/bookings/{booking_id}/services/{line_id}", response=VisitOut)
def remove_line(request: HttpRequest, response: HttpResponse, booking_id: int, line_id: int):
    actor = actor_of(request)
    services.remove_service_line(
        actor=actor,
        booking_id=booking_id,
        line_id=line_id,
        expected_version=if_match_version(request),
    )
    return _visit(actor, response, booking_id)


@router.post("/bookings/{booking_id}/payments", response={201: VisitOut})
def pay(request: HttpRequest, response: HttpResponse, booking_id: int, payload: PaymentIn):
    """Pay what is due, or a part of it (split payment). Send an Idempotency-Key to retry."""
    actor = actor_of(request)
    services.take_payment(actor=actor, booking_id=booking_id, **payload.dict())
    return Status(201, _visit(actor, response, booking_id))


@router.delete("/payments/{payment_id}", response={204: None})
def delete_payment(request: HttpRequest, payment_id: int):
    """Soft delete: what it paid is due again."""
    services.delete_payment(actor=actor_of(request), payment_id=payment_id)
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
    return selectors.client_figures(actor=actor_of(request), client_id=client_id)


@router.post("/bookings/{booking_id}/consumables", response={201: VisitOut})
def add_consumable(
    request: HttpRequest, response: HttpResponse, booking_id: int, payload: ConsumableIn
):
    """A consumable used in the visit; it leaves stock when the visit is paid in full."""
    actor = actor_of(request)
    consumables.add_consumable(actor=actor, booking_id=booking_id, **payload.dict())
    return Status(201, _visit(actor, response, booking_id))


@router.post(
    "/bookings/{booking_id}/services/{line_id}/bill-of-materials", response={201: VisitOut}
)
def apply_bill_of_materials(
    request: HttpRequest,
    response: HttpResponse,
    booking_id: int,
    line_id: int,
    payload: BillOfMaterialsIn,
):
    """Add the service's bill of materials (its consumables, times the line's quantity)."""
    actor = actor_of(request)
    consumables.apply_bill_of_materials(
        actor=actor, booking_id=booking_id, line_id=line_id, **payload.dict()
    )
    return Status(201, _visit(actor, response, booking_id))


@router.patch("/consumables/{consumable_id}", response=VisitOut)
def change_consumable(
    request: HttpRequest, response: HttpResponse, consumable_id: int, payload: ConsumablePatch
):
    actor = actor_of(request)
    item = consumables.change_consumable(
        actor=actor, consumable_id=consumable_id, **payload.dict(exclude_unset=True)
    )
    return _visit(actor, response, item.booking_id)


@router.delete("/consumables/{consumable_id}", response=VisitOut)
def remove_consumable(request: HttpRequest, response: HttpResponse, consumable_id: int):
    actor = actor_of(request)
    removed = consumables.remove_consumable(actor=actor, consumable_id=consumable_id)
    return _visit(actor, response, removed.booking_id)


@router.post("/bookings/{booking_id}/sales", response={201: VisitOut})
def sell(request: HttpRequest, response: HttpResponse, booking_id: int, payload: SaleIn):
    """Sell a product in the visit; it leaves its storage at once."""
    actor = actor_of(request)
    sales.sell_product(actor=actor, booking_id=booking_id, **payload.dict())
    return Status(201, _visit(actor, response, booking_id))


@router.delete("/sales/{sale_line_id}", response=VisitOut)
def remove_sale(request: HttpRequest, response: HttpResponse, sale_line_id: int):
    """Delete a sale (kept on record): the product goes back to its storage."""
    actor = actor_of(request)
    line = sales.remove_sale(actor=actor, sale_line_id=sale_line_id)
    return _visit(actor, response, line.booking_id)


@router.post("/bookings/{booking_id}/certificates", response={201: VisitOut})
def sell_certificate(
    request: HttpRequest, response: HttpResponse, booking_id: int, payload: CertificateSaleIn
):
    """Sell a membership or gift card in the visit, with its code or a generated one."""
    actor = actor_of(request)
    sales.sell_certificate(actor=actor, booking_id=booking_id, **payload.dict())
    return Status(201, _visit(actor, response, booking_id))
