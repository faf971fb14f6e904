from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from salonbook.bookings import selectors, services, slots
from salonbook.bookings.schemas import (
    BookingCategoryIn,
    BookingCategoryOut,
    BookingCategoryPatch,
    BookingIn,
    BookingOut,
    BookingPatch,
    FreeSlotsQuery,
    NewClientIn,
    ScheduleOut,
    ScheduleQuery,
    ServiceLineIn,
    StaffSlotsOut,
    StatusIn,
)
from salonbook.http import if_match_version, set_etag
from salonbook.tenancy.context import Actor, actor_of

router = Router()


def _lines(items: list[ServiceLineIn]) -> list[services.ServiceRequest]:
    return [services.ServiceRequest(**item.dict()) for item in items]


def _new_client(item: NewClientIn | None) -> services.NewClient | None:
    if item is None:
        return None
    return services.NewClient(phone=item.phone, name=item.name, email=item.email or "")


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
    return selectors.schedule(
        actor=actor_of(request),
        location_id=params.location_id,
        start=params.date,
        end=params.end_date,
        staff_id=params.staff_id,
    )


@router.get("/free-slots", response=list[StaffSlotsOut])
def get_free_slots(request: HttpRequest, params: Query[FreeSlotsQuery]):
    """Start times at which the service can be booked, per staff member and day."""
    result = slots.free_slots(
        actor=actor_of(request),
        service_id=params.service_id,
        start=params.start,
        end=params.end or params.start,
        staff_id=params.staff_id,
        location_id=params.location_id,
    )
    return slots.present_slots(result)


@router.get("/booking-categories", response=list[BookingCategoryOut])
def list_booking_categories(request: HttpRequest):
    return selectors.booking_categories(actor=actor_of(request))


@router.post("/booking-categories", response={201: BookingCategoryOut})
def create_booking_category(request: HttpRequest, payload: BookingCategoryIn):
    return Status(201, services.create_booking_category(actor=actor_of(request), **payload.dict()))


@router.patch("/booking-categories/{category_id}", response=BookingCategoryOut)
def update_booking_category(request: HttpRequest, category_id: int, payload: BookingCategoryPatch):
    return services.update_booking_category(
        actor=actor_of(request), category_id=category_id, **payload.dict(exclude_unset=True)
    )


@router.delete("/booking-categories/{category_id}", response={204: None})
def delete_booking_category(request: HttpRequest, category_id: int):
    """Bookings in the category stay, without a category."""
    services.delete_booking_category(actor=actor_of(request), category_id=category_id)
    return Status(204, None)
