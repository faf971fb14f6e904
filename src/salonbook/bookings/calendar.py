"""Holding a staff member's time: the steps every write of a booking's time goes through.

A write locks the staff member's row first (`lock_staff`), then checks the time
(`check_time`: no overlap, and inside working hours unless overridden), then saves with
`save_guarded`. Two requests for one slot therefore queue on the lock and the second sees the
first's booking. On SQLite the IMMEDIATE transaction already admits one writer at a time; on
PostgreSQL an exclusion constraint backs the check as well, and `save_guarded` turns its
refusal into the same BookingConflict.

The use cases that write bookings (create, edit, reschedule, delete) live in salonbook.visits,
because a booking is also a visit with lines and payments; these are the calendar's part.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.bookings.models import Booking, BookingCategory, BookingStatus
from salonbook.bookings.rules import booking_conflict, check_within_hours
from salonbook.errors import BookingConflict, Invalid
from salonbook.staff.models import StaffMember
from salonbook.tenancy.context import Actor
from salonbook.tenancy.models import Location

MAX_BOOKING = timedelta(hours=24)


def lock_staff(actor: Actor, staff_ids: list[int]) -> dict[int, StaffMember]:
    """Lock staff rows in id order (a fixed order cannot deadlock), within the actor's chain."""
    ids = sorted(set(staff_ids))
    rows = {
        s.pk: s
        for s in StaffMember.objects.select_for_update()
        .filter(chain_id=actor.chain_id, pk__in=ids)
        .order_by("pk")
    }
    for staff_id in ids:
        if staff_id not in rows:
            raise Invalid({"staff_id": _("No staff member %(id)s.") % {"id": staff_id}})
    return rows


def check_works_here(staff: StaffMember, location: Location) -> None:
    if staff.location_id != location.pk:
        raise Invalid(
            {
                "staff_id": _("%(staff)s does not work at %(location)s.")
                % {"staff": staff.name, "location": location.name}
            }
        )


def check_status(status: str) -> None:
    if status not in BookingStatus.values:
        raise Invalid(
            {"status": _("Use one of: %(values)s.") % {"values": ", ".join(BookingStatus.values)}}
        )


def check_category(actor: Actor, category_id: int | None) -> None:
    if (
        category_id is not None
        and not BookingCategory.objects.filter(chain_id=actor.chain_id, pk=category_id).exists()
    ):
        raise Invalid({"category_id": _("No booking category %(id)s.") % {"id": category_id}})


def check_time(
    actor: Actor,
    *,
    location: Location,
    staff: StaffMember,
    start: datetime,
    end: datetime,
    override_hours: bool,
    exclude_id: int | None = None,
) -> bool:
    """Refuse overlaps and (unless overridden) time outside working hours. Call with the
    staff member's row locked (`lock_staff`).

    Returns whether the booking lies outside the staff member's hours.
    """
    if end <= start:
        raise Invalid({"end": _("The booking must end after it starts.")})
    if end - start > MAX_BOOKING:
        raise Invalid({"end": _("A booking cannot last longer than 24 hours.")})
    clash = booking_conflict(staff_id=staff.pk, start=start, end=end, exclude_id=exclude_id)
    if clash is not None:
        tz = location.zone
        raise BookingConflict(
            _("%(staff)s already has booking %(id)s from %(start)s to %(end)s.")
            % {
                "staff": staff.name,
                "id": clash.pk,
                "start": f"{clash.start_at.astimezone(tz):%Y-%m-%d %H:%M}",
                "end": f"{clash.end_at.astimezone(tz):%H:%M}",
            },
            extra={"conflicting_booking_id": clash.pk},
        )
    problem = check_within_hours(staff=staff, location=location, start=start, end=end)
    if problem is None:
        return False
    if not override_hours:
        hint = _("Ask to override working hours if you must book it.")
        raise Invalid({"start": f"{problem} {hint}"})
    require(actor, "bookings.override_hours")
    return True


def save_guarded(booking: Booking) -> None:
    # PostgreSQL's exclusion constraint is the last word when two writers slip past the check.
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as exc:
        if "booking_no_overlap" in str(exc):
            raise BookingConflict(
                _("Staff member %(id)s already has a booking at that time.")
                % {"id": booking.staff_id}
            ) from exc
        raise


def booking_event_data(booking: Booking) -> dict[str, Any]:
    """What a booking's change event says of it: where, who, when and its status."""
    return {
        "location_id": booking.location_id,
        "staff_id": booking.staff_id,
        "start": booking.start_at.isoformat(),
        "end": booking.end_at.isoformat(),
        "status": booking.status,
    }
