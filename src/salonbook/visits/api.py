"""The API of bookings and their visits: a booking made, read, edited, rescheduled, given a
status and deleted; the schedule; and the visit - its service lines, payments, consumables and
sales - each answered with the visit as it now is.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from salonbook.checkout import consumables, payments, sales
from salonbook.http import if_match_version, set_etag
from salonbook.tenancy.context import Actor, actor_of
from salonbook.visits import line_services, selectors, services
from salonbook.visits.clients import NewClient
from salonbook.visits.lines import ServiceRequest
from salonbook.visits.schedule import schedule
from salonbook.visits.schemas import (
    ApplyBillOfMaterialsIn,
    BookingIn,
    BookingOut,
    BookingPatch,
    CertificateSaleIn,
    ConsumableIn,
    ConsumablePatch,
    LineAddIn,
    LinePatch,
    NewClientIn,
    PaymentIn,
    SaleIn,
    ScheduleOut,
    ScheduleQuery,
    ServiceLineIn,
    StatusIn,
    VisitOut,
)

# Two routers, so the documentation lists bookings and visits under their own headings.
router = Router()
visit_router = Router()


def _lines(items: list[ServiceLineIn]) -> list[ServiceRequest]:
    return [ServiceRequest(**item.dict()) for item in items]


def _new_client(item: NewClientIn | None) -> NewClient | None:
    if item is None:
        return None
    return NewClient(phone=item.phone, name=item.name, email=item.email or "")


def _answer(actor: Actor, response: HttpResponse, booking_id: int) -> dict:
    data = selectors.booking_detail(actor=actor, booking_id=booking_id)
    set_etag(response, data["version"])
    return data


@router.post("/bookings", response={201: BookingOut})
def create_booking(request: HttpRequest, response: HttpResponse, payload: BookingIn):
    """Book services with a staff member. 409 if the time is taken; 422 outside hours."""
    actor = actor_of(request)
    data = payload.dict(exclude={"services", "new_client"})
    booking = services.create_booking(
        actor=actor,
        services=_lines(payload.services),
        new_client=_new_client(payload.new_client),
        **data,
    )
    return Status(201, _answer(actor, response, booking.pk))


@router.get("/bookings/{booking_id}", response=BookingOut)
def get_booking(request: HttpRequest, response: HttpResponse, booking_id: int):
    return _answer(actor_of(request), response, booking_id)


@router.patch("/bookings/{booking_id}", response=BookingOut)
def update_booking(
    request: HttpRequest, response: HttpResponse, booking_id: int, payload: BookingPatch
):
    """Edit or reschedule. Send If-Match with the ETag you read to refuse stale writes (412)."""
    actor = actor_of(request)
    changes = payload.dict(exclude_unset=True, exclude={"services", "new_client"})
    if payload.services is not None:
        changes["services"] = _lines(payload.services)
    if payload.new_client is not None:
        changes["new_client"] = _new_client(payload.new_client)
    services.update_booking(
        actor=actor, booking_id=booking_id, expected_version=if_match_version(request), **changes
    )
    return _answer(actor, response, booking_id)


@router.post("/bookings/{booking_id}/status", response=BookingOut)
def set_status(request: HttpRequest, response: HttpResponse, booking_id: int, payload: StatusIn):
    actor = actor_of(request)
    services.set_booking_status(
        actor=actor,
        booking_id=booking_id,
        status=payload.status,
        expected_version=if_match_version(request),
    )
    return _answer(actor, response, booking_id)


@router.delete("/bookings/{booking_id}", response={204: None})
def delete_booking(request: HttpRequest, booking_id: int):
    """Soft delete: the booking leaves the calendar but stays on record."""
    services.delete_booking(
        actor=actor_of(request), booking_id=booking_id, expected_version=if_match_version(request)
    )
    return Status(204, None)


@router.get("/schedule", response=ScheduleOut)
def get_schedule(request: HttpRequest, params: Query[ScheduleQuery]):
    """Working hours, breaks, days off and bookings of a location's staff, day by day."""
    return schedule(
        actor=actor_of(request),
        location_id=params.location_id,
        start=params.date,
        end=params.end_date,
        staff_id=params.staff_id,
    )


# --- the visit ---------------------------------------------------------------------------


def _visit(actor: Actor, response: HttpResponse, booking_id: int) -> dict:
    data = selectors.visit_detail(actor=actor, booking_id=booking_id)
    set_etag(response, data["version"])
    return data


@visit_router.get("/bookings/{booking_id}/visit", response=VisitOut)
def get_visit(request: HttpRequest, response: HttpResponse, booking_id: int):
    """The visit: its service lines priced, its payments, total, discount, paid and due."""
    return _visit(actor_of(request), response, booking_id)


@visit_router.post("/bookings/{booking_id}/services", response=VisitOut)
def add_line(request: HttpRequest, response: HttpResponse, booking_id: int, payload: LineAddIn):
    """Add a service to the visit (the booking grows by its duration)."""
    actor = actor_of(request)
    line_services.add_service_line(
        actor=actor,
        booking_id=booking_id,
        expected_version=if_match_version(request),
        **payload.dict(),
    )
    return _visit(actor, response, booking_id)


@visit_router.patch("/bookings/{booking_id}/services/{line_id}", response=VisitOut)
def change_line(
    request: HttpRequest, response: HttpResponse, booking_id: int, line_id: int, payload: LinePatch
):
    """Quantity, price and discount (percent or amount) of one line."""
    actor = actor_of(request)
    line_services.change_service_line(
        actor=actor,
        booking_id=booking_id,
        line_id=line_id,
        expected_version=if_match_version(request),
        **payload.dict(exclude_unset=True),
    )
    return _visit(actor, response, booking_id)


@visit_router.delete("/bookings/{booking_id}/services/{line_id}", response=VisitOut)
def remove_line(request: HttpRequest, response: HttpResponse, booking_id: int, line_id: int):
    actor = actor_of(request)
    line_services.remove_service_line(
        actor=actor,
        booking_id=booking_id,
        line_id=line_id,
        expected_version=if_match_version(request),
    )
    return _visit(actor, response, booking_id)


@visit_router.post("/bookings/{booking_id}/payments", response={201: VisitOut})
def pay(request: HttpRequest, response: HttpResponse, booking_id: int, payload: PaymentIn):
    """Pay what is due, or a part of it (split payment). Send an Idempotency-Key to retry."""
    actor = actor_of(request)
    payments.take_payment(actor=actor, booking_id=booking_id, **payload.dict())
    return Status(201, _visit(actor, response, booking_id))


@visit_router.post("/bookings/{booking_id}/consumables", response={201: VisitOut})
def add_consumable(
    request: HttpRequest, response: HttpResponse, booking_id: int, payload: ConsumableIn
):
    """A consumable used in the visit; it leaves stock when the visit is paid in full."""
    actor = actor_of(request)
    consumables.add_consumable(actor=actor, booking_id=booking_id, **payload.dict())
    return Status(201, _visit(actor, response, booking_id))


@visit_router.post(
    "/bookings/{booking_id}/services/{line_id}/bill-of-materials", response={201: VisitOut}
)
def apply_bill_of_materials(
    request: HttpRequest,
    response: HttpResponse,
    booking_id: int,
    line_id: int,
    payload: ApplyBillOfMaterialsIn,
):
    """Add the service's bill of materials (its consumables, times the line's quantity)."""
    actor = actor_of(request)
    consumables.apply_bill_of_materials(
        actor=actor, booking_id=booking_id, line_id=line_id, **payload.dict()
    )
    return Status(201, _visit(actor, response, booking_id))


@visit_router.patch("/consumables/{consumable_id}", response=VisitOut)
def change_consumable(
    request: HttpRequest, response: HttpResponse, consumable_id: int, payload: ConsumablePatch
):
    actor = actor_of(request)
    item = consumables.change_consumable(
        actor=actor, consumable_id=consumable_id, **payload.dict(exclude_unset=True)
    )
    return _visit(actor, response, item.booking_id)


@visit_router.delete("/consumables/{consumable_id}", response=VisitOut)
def remove_consumable(request: HttpRequest, response: HttpResponse, consumable_id: int):
    actor = actor_of(request)
    removed = consumables.remove_consumable(actor=actor, consumable_id=consumable_id)
    return _visit(actor, response, removed.booking_id)


@visit_router.post("/bookings/{booking_id}/sales", response={201: VisitOut})
def sell(request: HttpRequest, response: HttpResponse, booking_id: int, payload: SaleIn):
    """Sell a product in the visit; it leaves its storage at once."""
    actor = actor_of(request)
    sales.sell_product(actor=actor, booking_id=booking_id, **payload.dict())
    return Status(201, _visit(actor, response, booking_id))


@visit_router.delete("/sales/{sale_line_id}", response=VisitOut)
def remove_sale(request: HttpRequest, response: HttpResponse, sale_line_id: int):
    """Delete a sale (kept on record): the product goes back to its storage."""
    actor = actor_of(request)
    line = sales.remove_sale(actor=actor, sale_line_id=sale_line_id)
    return _visit(actor, response, line.booking_id)


@visit_router.post("/bookings/{booking_id}/certificates", response={201: VisitOut})
def sell_certificate(
    request: HttpRequest, response: HttpResponse, booking_id: int, payload: CertificateSaleIn
):
    """Sell a membership or gift card in the visit, with its code or a generated one."""
    actor = actor_of(request)
    sales.sell_certificate(actor=actor, booking_id=booking_id, **payload.dict())
    return Status(201, _visit(actor, response, booking_id))
