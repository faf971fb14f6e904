"""Writes on bookings: create, edit and reschedule, change status, delete.

Every write that could double-book a staff member takes a row lock on that staff member first
(`_lock_staff`), then checks for overlaps. Two requests for one slot therefore queue on the
lock and the second sees the first's booking. On SQLite the IMMEDIATE transaction already
admits one writer at a time; on PostgreSQL an exclusion constraint backs the check as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.bookings.models import Booking, BookingCategory, BookingService, BookingStatus
from salonbook.bookings.rules import (
    booking_conflict,
    check_bookable_day,
    check_within_hours,
    to_utc_instant,
)
from salonbook.bookings.selectors import access_booking, access_booking_category
from salonbook.catalog.models import StaffService
from salonbook.checkout.consumables import settle_consumables
from salonbook.checkout.models import Payment, SaleLine
from salonbook.checkout.pricing import DiscountKind, check_discount
from salonbook.checkout.rules import check_not_overpaid, check_visit_open
from salonbook.checkout.selectors import current_totals
from salonbook.clients.fields import clean_field_values
from salonbook.clients.selectors import access_client, client_prediscount
from salonbook.clients.services import find_or_create_client
from salonbook.concurrency import check_version
from salonbook.errors import BookingConflict, Conflict, Invalid, NotFound
from salonbook.money import round_money
from salonbook.staff.models import StaffMember
from salonbook.sync.services import record_change
from salonbook.tenancy.context import Actor
from salonbook.tenancy.models import Location
from salonbook.tenancy.selectors import access_location
from salonbook.validation import full_clean_or_invalid

MAX_BOOKING = timedelta(hours=24)
COLOR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class ServiceRequest:
    """A service asked for in a booking. What is left as None is, for a service already in the
    booking, kept as it is there; for a new one, the staff member's price and duration and a
    quantity of one."""

    service_id: int
    price: Decimal | None = None
    duration_minutes: int | None = None
    quantity: int | None = None
    discount_kind: str | None = None  # "percent", "amount" or "" (none)
    discount_value: Decimal | None = None


@dataclass(frozen=True)
class NewClient:
    phone: str
    name: str = ""
    email: str = ""


def _lock_staff(actor: Actor, staff_ids: list[int]) -> dict[int, StaffMember]:
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


def _service_lines(
    actor: Actor,
    staff: StaffMember,
    requests: list[ServiceRequest],
    current: dict[int, BookingService] | None = None,
    *,
    staff_changed: bool = False,
    prediscount: Decimal = Decimal(0),
) -> list[BookingService]:
    """The booking's lines for `requests`, checked and priced.

    A service new to the booking must be one the staff member performs and the salon still
    offers. One already in it (`current`, by service id) stays as it was booked - its price,
    duration and quantity unless the request changes them - even if it has since been
    withdrawn, so editing a booking never reprices or drops what the client was promised.
    Given to another staff member (`staff_changed`), every service must be one they perform.
    A new line takes the client's `prediscount` (a percent) unless the request names a discount.
    """
    if not requests:
        raise Invalid({"services": _("Choose at least one service.")})
    current = current or {}
    links = {
        link.service_id: link
        for link in StaffService.objects.filter(
            staff=staff,
            service_id__in=[
                r.service_id for r in requests if staff_changed or r.service_id not in current
            ],
            service__chain_id=actor.chain_id,
        ).select_related("service")
    }
    seen = [r.service_id for r in requests]
    if len(seen) != len(set(seen)):
        raise Invalid({"services": _("A service is listed twice: give it a quantity instead.")})
    lines = []
    for i, request in enumerate(requests):
        kept = current.get(request.service_id)
        link = links.get(request.service_id)
        if link is None and (kept is None or staff_changed):
            message = _("%(staff)s does not perform service %(service)s.") % {
                "staff": staff.name,
                "service": request.service_id,
            }
            raise Invalid({f"services.{i}.service_id": message})
        if kept is None and link is not None and not link.service.is_active:
            message = _("%(service)s is not offered.") % {"service": link.service.name}
            raise Invalid({f"services.{i}.service_id": message})
        if request.quantity is not None and request.quantity < 1:
            raise Invalid({f"services.{i}.quantity": _("The quantity must be at least 1.")})
        if request.duration_minutes is not None and request.duration_minutes < 5:
            raise Invalid({f"services.{i}.duration_minutes": _("At least 5 minutes.")})
        if request.price is not None and request.price < 0:
            raise Invalid({f"services.{i}.price": _("The price cannot be negative.")})
        if kept is not None:
            price, duration, quantity = kept.price, kept.duration_minutes, kept.quantity
            discount = (kept.discount_kind, kept.discount_value)
        else:
            assert link is not None
            price, duration, quantity = link.effective_price, link.effective_duration, 1
            discount = (
                (DiscountKind.PERCENT, prediscount)
                if prediscount
                else (DiscountKind.NONE, Decimal(0))
            )
        if kept is None and (request.discount_kind, request.discount_value) != (None, None):
            # A discount named for the line replaces the prediscount whole: kind and value.
            discount = (DiscountKind.NONE, Decimal(0))
        line = BookingService(
            service_id=request.service_id,
            position=i,
            quantity=request.quantity if request.quantity is not None else quantity,
            price=round_money(
                request.price if request.price is not None else price, actor.chain.currency
            ),
            duration_minutes=request.duration_minutes or duration,
            discount_kind=request.discount_kind
            if request.discount_kind is not None
            else discount[0],
            discount_value=request.discount_value
            if request.discount_value is not None
            else discount[1],
        )
        line.discount_value = check_discount(
            kind=line.discount_kind,
            value=line.discount_value,
            quantity=line.quantity,
            price=line.price,
            currency=actor.chain.currency,
            prefix=f"services.{i}",
        )
        lines.append(line)
    return lines


_LINE_TERMS = [
    "position",
    "quantity",
    "price",
    "duration_minutes",
    "discount_kind",
    "discount_value",
]


def _replace_lines(
    booking: Booking, current: dict[int, BookingService], lines: list[BookingService]
) -> None:
    """Make `lines` the booking's lines, updating the rows of services it keeps in place,
    so a line keeps its id (what the visit's window and API clients refer to it by)."""
    kept, added = [], []
    for line in lines:
        row = current.get(line.service_id)
        if row is None:
            line.booking = booking
            added.append(line)
            continue
        for name in _LINE_TERMS:
            setattr(row, name, getattr(line, name))
        kept.append(row)
    gone = set(current) - {line.service_id for line in lines}
    BookingService.objects.filter(booking=booking, service_id__in=gone).delete()
    BookingService.objects.bulk_update(kept, _LINE_TERMS)
    BookingService.objects.bulk_create(added)


def _check_visit_may_change(actor: Actor, booking: Booking, lines: list[BookingService]) -> None:
    check_visit_open(actor, booking)
    after = current_totals(booking=booking, currency=actor.chain.currency, service_lines=lines)
    check_not_overpaid(after, "services")


def _resolve_client(
    actor: Actor, client_id: int | None, new_client: NewClient | None
) -> int | None:
    if client_id is not None and new_client is not None:
        raise Invalid(
            {"client_id": _("Choose an existing client or describe a new one, not both.")}
        )
    if client_id is not None:
        try:
            return access_client(actor=actor, client_id=client_id).pk
        except NotFound:
            raise Invalid({"client_id": _("No client %(id)s.") % {"id": client_id}}) from None
    if new_client is not None:
        return find_or_create_client(
            actor=actor, phone=new_client.phone, name=new_client.name, email=new_client.email
        ).pk
    return None


def _check_category(actor: Actor, category_id: int | None) -> None:
    if (
        category_id is not None
        and not BookingCategory.objects.filter(chain_id=actor.chain_id, pk=category_id).exists()
    ):
        raise Invalid({"category_id": _("No booking category %(id)s.") % {"id": category_id}})


def _check_time(
    actor: Actor,
    *,
    location: Location,
    staff: StaffMember,
    start: datetime,
    end: datetime,
    override_hours: bool,
    exclude_id: int | None = None,
) -> bool:
    """Refuse overlaps and (unless overridden) time outside working hours.

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


def _save_guarded(booking: Booking) -> None:
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


def _event_data(booking: Booking) -> dict[str, Any]:
    return {
        "location_id": booking.location_id,
        "staff_id": booking.staff_id,
        "start": booking.start_at.isoformat(),
        "end": booking.end_at.isoformat(),
        "status": booking.status,
    }


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
    staff = _lock_staff(actor, [staff_id])[staff_id]
    if staff.location_id != location.pk:
        raise Invalid(
            {
                "staff_id": _("%(staff)s does not work at %(location)s.")
                % {"staff": staff.name, "location": location.name}
            }
        )
    if not staff.is_active:
        raise Invalid(
            {"staff_id": _("%(staff)s is no longer on the staff.") % {"staff": staff.name}}
        )
    if status not in BookingStatus.values:
        raise Invalid(
            {"status": _("Use one of: %(values)s.") % {"values": ", ".join(BookingStatus.values)}}
        )
    # The client first: their prediscount starts the lines (a new client's phone may turn out
    # to be a regular's). A new card is written in this transaction, so a refusal drops it.
    client = _resolve_client(actor, client_id, new_client)
    lines = _service_lines(
        actor, staff, services, prediscount=client_prediscount(actor=actor, client_id=client)
    )
    check_bookable_day(start, "start")
    if end is not None:
        check_bookable_day(end, "end")
    start_at = to_utc_instant(start, location.zone)
    if end is not None:
        end_at = to_utc_instant(end, location.zone)
    else:
        end_at = start_at + timedelta(minutes=sum(line.duration_minutes for line in lines))
    _check_category(actor, category_id)
    cleaned_fields = clean_field_values(
        chain_id=actor.chain_id, applies_to="booking", values=field_values or {}
    )
    outside = False
    if status != BookingStatus.NO_SHOW:
        outside = _check_time(
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
    _save_guarded(booking)
    for line in lines:
        line.booking = booking
    BookingService.objects.bulk_create(lines)
    record_change(
        actor=actor,
        entity="booking",
        entity_id=booking.pk,
        action="created",
        version=booking.version,
        data=_event_data(booking),
    )
    return booking


_UNSET: Any = object()


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
    check_version(booking, expected_version)
    if booking.is_deleted:
        raise Invalid({"booking": _("This booking was deleted.")})
    location = booking.location
    new_staff_id = staff_id if staff_id is not None else booking.staff_id
    staff = _lock_staff(actor, [booking.staff_id, new_staff_id])[new_staff_id]
    if staff.location_id != location.pk:
        raise Invalid(
            {
                "staff_id": _("%(staff)s does not work at %(location)s.")
                % {"staff": staff.name, "location": location.name}
            }
        )
    changed: set[str] = set()

    lines = None
    current = {line.service_id: line for line in booking.services.all()}
    staff_changed = staff.pk != booking.staff_id
    client_changes = client_id is not _UNSET or new_client is not None
    if client_changes:
        # Before the lines: a new line takes the prediscount of the client it will be for.
        resolved_client = _resolve_client(
            actor, None if client_id is _UNSET else client_id, new_client
        )
    if services is not None:
        client_for_lines = resolved_client if client_changes else booking.client_id
        lines = _service_lines(
            actor,
            staff,
            services,
            current,
            staff_changed=staff_changed,
            prediscount=client_prediscount(actor=actor, client_id=client_for_lines),
        )
        _check_visit_may_change(actor, booking, lines)
        changed.add("services")
    elif staff_changed:
        # The booked services must be ones the new staff member performs.
        kept = [ServiceRequest(service_id=service_id) for service_id in current]
        _service_lines(actor, staff, kept, current, staff_changed=True)

    old_start, old_end = booking.start_at, booking.end_at
    for moment, field in ((start, "start"), (end, "end")):
        if moment is not None:
            check_bookable_day(moment, field)
    start_at = to_utc_instant(start, location.zone) if start is not None else old_start
    if end is not None:
        end_at = to_utc_instant(end, location.zone)
    elif duration_minutes is not None:
        if duration_minutes < 5:
            raise Invalid({"duration_minutes": _("At least 5 minutes.")})
        end_at = start_at + timedelta(minutes=duration_minutes)
    elif lines is not None:
        end_at = start_at + timedelta(minutes=sum(line.duration_minutes for line in lines))
    else:
        end_at = start_at + (old_end - old_start)

    if status is not None:
        if status not in BookingStatus.values:
            raise Invalid(
                {
                    "status": _("Use one of: %(values)s.")
                    % {"values": ", ".join(BookingStatus.values)}
                }
            )
        if status != booking.status:
            changed.add("status")
    new_status = status or booking.status
    moved = (start_at, end_at, staff.pk) != (old_start, old_end, booking.staff_id)
    reactivated = booking.status == BookingStatus.NO_SHOW and new_status != BookingStatus.NO_SHOW
    if (moved or reactivated) and new_status != BookingStatus.NO_SHOW:
        booking.outside_hours = _check_time(
            actor,
            location=location,
            staff=staff,
            start=start_at,
            end=end_at,
            override_hours=override_hours,
            exclude_id=booking.pk,
        )
    if moved:
        changed.add("time")

    if client_changes:
        booking.client_id = resolved_client
        changed.add("client")
    if category_id is not _UNSET:
        _check_category(actor, category_id)
        booking.category_id = category_id
        changed.add("category")
    if field_values is not None:
        booking.field_values = clean_field_values(
            chain_id=actor.chain_id,
            applies_to="booking",
            values=field_values,
            current=booking.field_values,
        )
        changed.add("field_values")
    for name, value in (("color", color), ("comment", comment)):
        if value is not None:
            setattr(booking, name, value)
            changed.add(name)

    booking.staff = staff
    booking.start_at, booking.end_at, booking.status = start_at, end_at, new_status
    booking.version += 1
    _save_guarded(booking)
    if lines is not None:
        _replace_lines(booking, current, lines)
    if lines is not None or "status" in changed:
        # The visit may be due again, paid in full, or (costing nothing) just arrived: its
        # consumables follow.
        settle_consumables(actor=actor, booking=booking)
    record_change(
        actor=actor,
        entity="booking",
        entity_id=booking.pk,
        action="rescheduled" if changed == {"time"} else "updated",
        version=booking.version,
        data={**_event_data(booking), "fields": sorted(changed)},
    )
    return booking


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
    record_change(
        actor=actor,
        entity="booking",
        entity_id=booking.pk,
        action="deleted",
        version=booking.version,
        data=_event_data(booking),
    )
    return booking


@transaction.atomic
def create_booking_category(*, actor: Actor, name: str, color: str = "") -> BookingCategory:
    require(actor, "settings.manage")
    name = name.strip()
    if not name:
        raise Invalid({"name": _("Give the category a name.")})
    if BookingCategory.objects.filter(chain_id=actor.chain_id, name__iexact=name).exists():
        message = _("A category named “%(name)s” exists already.") % {"name": name}
        raise Invalid({"name": message})
    category = BookingCategory.objects.create(chain=actor.chain, name=name, color=color)
    record_change(actor=actor, entity="booking_category", entity_id=category.pk, action="created")
    return category


@transaction.atomic
def update_booking_category(
    *, actor: Actor, category_id: int, name: str | None = None, color: str | None = None
) -> BookingCategory:
    """Rename or recolour a category; the bookings carrying it show the change."""
    require(actor, "settings.manage")
    category = access_booking_category(actor=actor, category_id=category_id, lock=True)
    changed = []
    if name is not None:
        name = name.strip()
        if not name:
            raise Invalid({"name": _("Give the category a name.")})
        taken = BookingCategory.objects.filter(chain_id=actor.chain_id, name__iexact=name)
        if taken.exclude(pk=category.pk).exists():
            message = _("A category named “%(name)s” exists already.") % {"name": name}
            raise Invalid({"name": message})
        category.name = name
        changed.append("name")
    if color is not None:
        if color and not COLOR.fullmatch(color):
            raise Invalid({"color": _("Use a colour such as #42a5f5, or none.")})
        category.color = color
        changed.append("color")
    full_clean_or_invalid(category, exclude=["chain"])
    category.save()
    record_change(
        actor=actor,
        entity="booking_category",
        entity_id=category.pk,
        action="updated",
        data={"fields": changed},
    )
    return category


@transaction.atomic
def delete_booking_category(*, actor: Actor, category_id: int) -> int:
    """Delete a category. Its bookings stay, uncategorised (the key is SET NULL); their
    versions are left alone, because the booking itself did not change. Returns how many live
    bookings carried it."""
    require(actor, "settings.manage")
    category = access_booking_category(actor=actor, category_id=category_id, lock=True)
    carried = Booking.objects.live().filter(category=category).count()
    category.delete()
    record_change(
        actor=actor,
        entity="booking_category",
        entity_id=category_id,
        action="deleted",
        data={"bookings": carried},
    )
    return carried
