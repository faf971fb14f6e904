"""Changing one service line of a visit in its window: its quantity, price or discount; a
service added; a service taken out.

Each is an edit of the booking's lines (visits.services.update_booking), so the rules of lines
and of paid visits apply as they do to the booking sheet; the booking keeps its time, or grows
and shortens by the service's duration.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.bookings.models import Booking, BookingService
from salonbook.bookings.selectors import access_booking
from salonbook.catalog.models import StaffService
from salonbook.errors import Invalid, NotFound
from salonbook.tenancy.context import Actor
from salonbook.visits.lines import ServiceRequest
from salonbook.visits.services import update_booking


def _requests(lines: list[BookingService]) -> list[ServiceRequest]:
    """The lines as they are: a ServiceRequest that changes nothing about them."""
    return [ServiceRequest(service_id=line.service_id) for line in lines]


def _line(booking: Booking, line_id: int) -> tuple[list[BookingService], int]:
    lines = list(BookingService.objects.filter(booking=booking).order_by("position", "id"))
    for index, line in enumerate(lines):
        if line.pk == line_id:
            return lines, index
    raise NotFound(f"Service line {line_id} not found in booking {booking.pk}.")


@transaction.atomic
def change_service_line(
    *,
    actor: Actor,
    booking_id: int,
    line_id: int,
    expected_version: int | None = None,
    quantity: int | None = None,
    price: Decimal | None = None,
    discount_kind: str | None = None,
    discount_value: Decimal | None = None,
) -> Booking:
    """Change a line's quantity, price or discount; the booking keeps its time."""
    require(actor, "bookings.edit")
    booking = access_booking(actor=actor, booking_id=booking_id, lock=True)
    lines, index = _line(booking, line_id)
    requests = _requests(lines)
    requests[index] = replace(
        requests[index],
        quantity=quantity,
        price=price,
        discount_kind=discount_kind,
        discount_value=discount_value,
    )
    return update_booking(
        actor=actor,
        booking_id=booking.pk,
        expected_version=expected_version,
        services=requests,
        end=booking.end_at,
    )


@transaction.atomic
def add_service_line(
    *,
    actor: Actor,
    booking_id: int,
    service_id: int,
    quantity: int = 1,
    expected_version: int | None = None,
) -> Booking:
    """Add a service the staff member performs; the booking grows by its duration."""
    require(actor, "bookings.edit")
    booking = access_booking(actor=actor, booking_id=booking_id, lock=True)
    lines = list(BookingService.objects.filter(booking=booking).order_by("position", "id"))
    if any(line.service_id == service_id for line in lines):
        raise Invalid(
            {"service_id": _("This service is in the visit already: change its quantity.")}
        )
    requests = [*_requests(lines), ServiceRequest(service_id=service_id, quantity=quantity)]
    # The staff member's own duration for it; if they do not perform it, update_booking says so.
    link = (
        StaffService.objects.filter(
            staff_id=booking.staff_id, service_id=service_id, service__chain_id=actor.chain_id
        )
        .select_related("service")
        .first()
    )
    extra = timedelta(minutes=link.effective_duration if link else 0)
    return update_booking(
        actor=actor,
        booking_id=booking.pk,
        expected_version=expected_version,
        services=requests,
        end=booking.end_at + extra,
    )


@transaction.atomic
def remove_service_line(
    *, actor: Actor, booking_id: int, line_id: int, expected_version: int | None = None
) -> Booking:
    """Take a service out of the visit; the booking shortens by its duration."""
    require(actor, "bookings.edit")
    booking = access_booking(actor=actor, booking_id=booking_id, lock=True)
    lines, index = _line(booking, line_id)
    if len(lines) == 1:
        raise Invalid({"services": _("A visit keeps at least one service.")})
    removed = lines.pop(index)
    end = max(
        booking.end_at - timedelta(minutes=removed.duration_minutes),
        booking.start_at + timedelta(minutes=5),
    )
    return update_booking(
        actor=actor,
        booking_id=booking.pk,
        expected_version=expected_version,
        services=_requests(lines),
        end=end,
    )
