"""Writes of bookings as visits: create, edit and reschedule, change status, delete.

A booking is the calendar's (its staff member and time: bookings.calendar) and the visit's
(its lines and money: visits.lines, checkout). Every write that could double-book a staff
member locks that staff member's row first, then checks for overlaps (bookings.calendar);
a change of lines also obeys the rule that a paid visit keeps them (checkout.rules), and the
visit's consumables follow whatever a change makes of it (checkout.consumables).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.bookings.calendar import (
    booking_event_data,
    check_category,
    check_status,
    check_time,
    check_works_here,
    lock_staff,
    save_guarded,
)
from salonbook.bookings.models import Booking, BookingService, BookingStatus
from salonbook.bookings.rules import check_bookable_day, to_utc_instant
from salonbook.bookings.selectors import access_booking
from salonbook.checkout.consumables import settle_consumables
from salonbook.checkout.models import Payment, SaleLine
from salonbook.clients.fields import clean_field_values
from salonbook.clients.selectors import client_prediscount
from salonbook.concurrency import check_version
from salonbook.errors import Conflict, Invalid, NotFound
from salonbook.staff.models import StaffMember
from salonbook.sync.services import record_change
from salonbook.sync.versioned import changing
from salonbook.tenancy.context import Actor
from salonbook.tenancy.models import Location
from salonbook.tenancy.selectors import access_location
from salonbook.visits.clients import NewClient, resolve_client
from salonbook.visits.lines import (
    ServiceRequest,
    build_service_lines,
    check_lines_may_change,
    replace_lines,
)


def _staff_for_new_booking(actor: Actor, staff_id: int, location: Location) -> StaffMember:
    staff = lock_staff(actor, [staff_id])[staff_id]
    check_works_here(staff, location)
    if not staff.is_active:
        raise Invalid(
            {"staff_id": _("%(staff)s is no longer on the staff.") % {"staff": staff.name}}
        )
    return staff


def _times(
    location: Location, start: datetime, end: datetime | None, lines: list[BookingService]
) -> tuple[datetime, datetime]:
    """A new booking's start and end in UTC; without an end, as long as its services."""
    check_bookable_day(start, "start")
    if end is not None:
        check_bookable_day(end, "end")
    start_at = to_utc_instant(start, location.zone)
    if end is not None:
        return start_at, to_utc_instant(end, location.zone)
    return start_at, start_at + timedelta(minutes=sum(line.duration_minutes for line in lines))


@transaction.atomic
def create_booking(
    *,
    actor: Actor,
    location_id: int,
    staff_id: int,
    start: datetime,
    services: list[ServiceRequest],
    end: datetime | None = None,
    client_id: int | None = None,
    new_client: NewClient | None = None,
    color: str = "",
    category_id: int | None = None,
    field_values: dict[str, Any] | None = None,
    comment: str = "",
    status: str = BookingStatus.EXPECTED,
    override_hours: bool = False,
) -> Booking:
    """Book `services` with a staff member from `start`; the end follows from the services.

    A naive `start`/`end` is read as wall-clock time in the location's zone.
    """
    require(actor, "bookings.create")
    try:
        location = access_location(actor=actor, location_id=location_id)
    except NotFound:
        raise Invalid({"location_id": _("No location %(id)s.") % {"id": location_id}}) from None
    staff = _staff_for_new_booking(actor, staff_id, location)
    check_status(status)
    # The client first: their prediscount starts the lines (a new client's phone may turn out
    # to be a regular's). A new card is written in this transaction, so a refusal drops it.
    client = resolve_client(actor, client_id, new_client)
    prediscount = client_prediscount(actor=actor, client_id=client)
    lines = build_service_lines(actor, staff, services, prediscount=prediscount)
    start_at, end_at = _times(location, start, end, lines)
    check_category(actor, category_id)
    cleaned_fields = clean_field_values(
        chain_id=actor.chain_id, applies_to="booking", values=field_values or {}
    )
    outside = False
    if status != BookingStatus.NO_SHOW:
        outside = check_time(
            actor,
            location=location,
            staff=staff,
            start=start_at,
            end=end_at,
            override_hours=override_hours,
        )
    booking = Booking(
        chain_id=actor.chain_id,
        location=location,
        staff=staff,
        client_id=client,
        start_at=start_at,
        end_at=end_at,
        status=status,
        color=color,
        category_id=category_id,
        field_values=cleaned_fields,
        comment=comment,
        outside_hours=outside,
        created_by_id=actor.user_id,
    )
    save_guarded(booking)
    for line in lines:
        line.booking = booking
    BookingService.objects.bulk_create(lines)
    _recorded(actor, booking, "created")
    return booking


def _recorded(actor: Actor, booking: Booking, action: str) -> None:
    record_change(
        actor=actor,
        entity="booking",
        entity_id=booking.pk,
        action=action,
        version=booking.version,
        data=booking_event_data(booking),
    )


_UNSET: Any = object()


@dataclass
class _Edit:
    """An edit of a booking in the making: what it will be and which of its parts change."""

    booking: Booking
    staff: StaffMember
    current: dict[int, BookingService]
    changed: set[str]
    lines: list[BookingService] | None = None


@transaction.atomic
def update_booking(
    *,
    actor: Actor,
    booking_id: int,
    expected_version: int | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    duration_minutes: int | None = None,
    staff_id: int | None = None,
    services: list[ServiceRequest] | None = None,
    client_id: int | None = _UNSET,
    new_client: NewClient | None = None,
    color: str | None = None,
    category_id: int | None = _UNSET,
    field_values: dict[str, Any] | None = None,
    comment: str | None = None,
    status: str | None = None,
    override_hours: bool = False,
) -> Booking:
    """Edit or reschedule a booking. Only the arguments given change.

    Moving the start keeps the duration unless `end` or `duration_minutes` says otherwise;
    new services set a new duration from their own unless one is given.
    """
    require(actor, "bookings.edit")
    booking = access_booking(actor=actor, booking_id=booking_id, lock=True)
    with changing(
        booking,
        actor=actor,
        entity="booking",
        expected_version=expected_version,
        save=lambda: save_guarded(booking),
    ) as change:
        edit = _start_edit(actor, booking, staff_id, changed=change.fields)
        client_changes = client_id is not _UNSET or new_client is not None
        if client_changes:
            # Before the lines: a new line takes the prediscount of the client it will be for.
            client = resolve_client(actor, None if client_id is _UNSET else client_id, new_client)
        _change_lines(actor, edit, services, client if client_changes else booking.client_id)
        start_at, end_at = _new_times(edit, start=start, end=end, duration_minutes=duration_minutes)
        _change_time_and_status(actor, edit, start_at, end_at, status, override_hours)
        if client_changes:
            booking.client_id = client
            edit.changed.add("client")
        _change_details(actor, edit, category_id, field_values, color=color, comment=comment)
        if edit.lines is not None:
            replace_lines(booking, edit.current, edit.lines)
        if edit.lines is not None or "status" in edit.changed:
            # The visit may be due again, paid in full, or (costing nothing) just arrived: its
            # consumables follow.
            settle_consumables(actor=actor, booking=booking)
        change.action = "rescheduled" if edit.changed == {"time"} else "updated"
        change.data = booking_event_data(booking)
    return booking


def _start_edit(
    actor: Actor, booking: Booking, staff_id: int | None, *, changed: set[str]
) -> _Edit:
    """The booking (locked) checked for an edit, with the staff member it will be with (both
    staff rows locked, in id order); `changed` collects the parts the edit changes."""
    if booking.is_deleted:
        raise Invalid({"booking": _("This booking was deleted.")})
    new_staff_id = staff_id if staff_id is not None else booking.staff_id
    staff = lock_staff(actor, [booking.staff_id, new_staff_id])[new_staff_id]
    check_works_here(staff, booking.location)
    current = {line.service_id: line for line in booking.services.all()}
    return _Edit(booking=booking, staff=staff, current=current, changed=changed)


def _change_lines(
    actor: Actor, edit: _Edit, services: list[ServiceRequest] | None, client_id: int | None
) -> None:
    """New lines for `services`; without them, the booked services must still be ones the
    staff member performs when the booking changes hands."""
    staff_changed = edit.staff.pk != edit.booking.staff_id
    if services is not None:
        edit.lines = build_service_lines(
            actor,
            edit.staff,
            services,
            edit.current,
            staff_changed=staff_changed,
            prediscount=client_prediscount(actor=actor, client_id=client_id),
        )
        check_lines_may_change(actor, edit.booking, edit.lines)
        edit.changed.add("services")
    elif staff_changed:
        kept = [ServiceRequest(service_id=service_id) for service_id in edit.current]
        build_service_lines(actor, edit.staff, kept, edit.current, staff_changed=True)


def _new_times(
    edit: _Edit,
    *,
    start: datetime | None,
    end: datetime | None,
    duration_minutes: int | None,
) -> tuple[datetime, datetime]:
    booking = edit.booking
    zone = booking.location.zone
    old_start, old_end = booking.start_at, booking.end_at
    for moment, field in ((start, "start"), (end, "end")):
        if moment is not None:
            check_bookable_day(moment, field)
    start_at = to_utc_instant(start, zone) if start is not None else old_start
    if end is not None:
        return start_at, to_utc_instant(end, zone)
    if duration_minutes is not None:
        if duration_minutes < 5:
            raise Invalid({"duration_minutes": _("At least 5 minutes.")})
        return start_at, start_at + timedelta(minutes=duration_minutes)
    if edit.lines is not None:
        minutes = sum(line.duration_minutes for line in edit.lines)
        return start_at, start_at + timedelta(minutes=minutes)
    return start_at, start_at + (old_end - old_start)


def _change_time_and_status(
    actor: Actor,
    edit: _Edit,
    start_at: datetime,
    end_at: datetime,
    status: str | None,
    override_hours: bool,
) -> None:
    """Check the new status, and the time wherever the booking will hold it again."""
    booking, staff = edit.booking, edit.staff
    if status is not None:
        check_status(status)
        if status != booking.status:
            edit.changed.add("status")
    new_status = status or booking.status
    moved = (start_at, end_at, staff.pk) != (booking.start_at, booking.end_at, booking.staff_id)
    reactivated = booking.status == BookingStatus.NO_SHOW and new_status != BookingStatus.NO_SHOW
    if (moved or reactivated) and new_status != BookingStatus.NO_SHOW:
        booking.outside_hours = check_time(
            actor,
            location=booking.location,
            staff=staff,
            start=start_at,
            end=end_at,
            override_hours=override_hours,
            exclude_id=booking.pk,
        )
    if moved:
        edit.changed.add("time")
    booking.staff = staff
    booking.start_at, booking.end_at, booking.status = start_at, end_at, new_status


def _change_details(
    actor: Actor,
    edit: _Edit,
    category_id: int | None,
    field_values: dict[str, Any] | None,
    *,
    color: str | None,
    comment: str | None,
) -> None:
    booking = edit.booking
    if category_id is not _UNSET:
        check_category(actor, category_id)
        booking.category_id = category_id
        edit.changed.add("category")
    if field_values is not None:
        booking.field_values = clean_field_values(
            chain_id=actor.chain_id,
            applies_to="booking",
            values=field_values,
            current=booking.field_values,
        )
        edit.changed.add("field_values")
    for name, value in (("color", color), ("comment", comment)):
        if value is not None:
            setattr(booking, name, value)
            edit.changed.add(name)


def set_booking_status(
    *, actor: Actor, booking_id: int, status: str, expected_version: int | None = None
) -> Booking:
    """Expected, Confirmed, Arrived or No show; a no-show frees the time."""
    return update_booking(
        actor=actor, booking_id=booking_id, status=status, expected_version=expected_version
    )


@transaction.atomic
def delete_booking(
    *, actor: Actor, booking_id: int, expected_version: int | None = None
) -> Booking:
    """Soft delete: the booking leaves the calendar and frees its time, but stays on record."""
    require(actor, "bookings.delete")
    booking = access_booking(actor=actor, booking_id=booking_id, lock=True)
    check_version(booking, expected_version)
    if booking.is_deleted:
        raise NotFound(_("Booking %(id)s not found.") % {"id": booking_id})
    if Payment.objects.live().filter(booking=booking).exists():
        # The money stays accounted for: its payments go first, each on the record.
        raise Conflict(_("This visit has payments: delete them before the booking."))
    if SaleLine.objects.live().filter(booking=booking).exists():
        # Their stock comes back, their gift cards are voided: only by deleting the sales.
        raise Conflict(_("Goods were sold in this visit: delete those sales before the booking."))
    booking.deleted_at = timezone.now()
    booking.deleted_by_id = actor.user_id
    booking.version += 1
    booking.save(update_fields=["deleted_at", "deleted_by", "version", "updated_at"])
    _recorded(actor, booking, "deleted")
    return booking
