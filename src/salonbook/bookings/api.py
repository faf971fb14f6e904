"""The API of the calendar itself: free slots for a service, and booking categories. Bookings
and the schedule are salonbook.visits.api.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from salonbook.bookings import selectors, services, slots
from salonbook.bookings.schemas import (
    BookingCategoryIn,
    BookingCategoryOut,
    BookingCategoryPatch,
    FreeSlotsQuery,
    StaffSlotsOut,
)
from salonbook.tenancy.context import actor_of

router = Router()


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
