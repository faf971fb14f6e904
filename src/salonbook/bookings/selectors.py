"""Reading bookings: one booking, and a location's schedule for a range of days."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from salonbook.accounts.permissions import require
from salonbook.bookings.models import Booking, BookingCategory, BookingService
from salonbook.bookings.rules import check_bookable_day
from salonbook.checkout.models import SaleLine
from salonbook.checkout.pricing import ZERO, price_line
from salonbook.clients.selectors import shown_name, visible_phone
from salonbook.errors import Invalid, NotFound
from salonbook.money import round_money
from salonbook.scheduling.availability import to_utc
from salonbook.scheduling.selectors import staff_calendars
from salonbook.staff.models import StaffMember
from salonbook.tenancy.context import Actor
from salonbook.tenancy.selectors import access_location

MAX_SCHEDULE_DAYS = 31


def _with_details(qs: QuerySet[Booking]) -> QuerySet[Booking]:
    return qs.select_related("client", "category", "location").prefetch_related(
        Prefetch("services", queryset=BookingService.objects.select_related("service"))
    )


def access_booking(
    *, actor: Actor, booking_id: int, lock: bool = False, include_deleted: bool = True
) -> Booking:
    """The actor's booking (deleted ones too, unless asked otherwise), or NotFound."""
    qs: QuerySet[Booking] = Booking.objects.filter(chain_id=actor.chain_id)
    if not include_deleted:
        qs = qs.filter(deleted_at__isnull=True)
    if lock:
        # select_for_update cannot lock the nullable side of outer joins on PostgreSQL.
        qs = qs.select_for_update(of=("self",)).select_related("location")
    else:
        qs = _with_details(qs)
    try:
        return qs.get(pk=booking_id)
    except Booking.DoesNotExist:
        raise NotFound(_("Booking %(id)s not found.") % {"id": booking_id}) from None


def booking_categories(*, actor: Actor) -> QuerySet[BookingCategory]:
    return BookingCategory.objects.filter(chain_id=actor.chain_id)


def visible_booking(*, actor: Actor, booking_id: int) -> Booking:
    """A booking with its client, category, location and services, for someone who may see it."""
    require(actor, "bookings.view")
    return access_booking(actor=actor, booking_id=booking_id)


def booking_detail(*, actor: Actor, booking_id: int) -> dict[str, Any]:
    booking = visible_booking(actor=actor, booking_id=booking_id)
    return present_booking(actor=actor, booking=booking, tz=booking.location.zone)


def calendar_staff(*, actor: Actor, location_id: int) -> list[StaffMember]:
    """The staff members whose columns a location's calendar shows, in display order."""
    require(actor, "bookings.view")
    return list(
        StaffMember.objects.filter(
            chain_id=actor.chain_id, location_id=location_id, is_active=True
        ).select_related("position")
    )


# The columns a booking is presented from; `present_booking` and the schedule read the same.
_ROW = (
    "id",
    "location_id",
    "staff_id",
    "client_id",
    "client__name",
    "client__phone",
    "start_at",
    "end_at",
    "status",
    "color",
    "category_id",
    "category__name",
    "category__color",
    "comment",
    "field_values",
    "outside_hours",
    "version",
    "deleted_at",
)
_LINE = (
    "service_id",
    "service__name",
    "quantity",
    "price",
    "duration_minutes",
    "discount_kind",
    "discount_value",
)


def _present(
    actor: Actor,
    row: dict[str, Any],
    lines: list[dict[str, Any]],
    tz: ZoneInfo,
    sold: Decimal = Decimal(0),
) -> dict[str, Any]:
    """One booking as plain data, from a `_ROW` row and its `_LINE` rows, times in `tz`."""
    currency = actor.chain.currency
    services = []
    for line in lines:
        priced = price_line(
            quantity=line["quantity"],
            price=line["price"],
            currency=currency,
            discount_kind=line["discount_kind"],
            discount_value=line["discount_value"],
        )
        services.append(
            {
                "service_id": line["service_id"],
                "name": line["service__name"],
                "quantity": line["quantity"],
                "price": line["price"],
                "duration_minutes": line["duration_minutes"],
                "discount_kind": line["discount_kind"],
                "discount_value": line["discount_value"],
                "discount": priced.discount,
                "amount": priced.net,
            }
        )
    start_at, end_at = row["start_at"], row["end_at"]
    return {
        "id": row["id"],
        "location_id": row["location_id"],
        "staff_id": row["staff_id"],
        "client": None
        if row["client_id"] is None
        else {
            "id": row["client_id"],
            "name": shown_name(actor=actor, name=row["client__name"], phone=row["client__phone"]),
            "phone": visible_phone(actor=actor, phone=row["client__phone"]),
        },
        "start": start_at.astimezone(tz),
        "end": end_at.astimezone(tz),
        "duration_minutes": int((end_at - start_at).total_seconds() // 60),
        "status": row["status"],
        "color": row["color"],
        "category": None
        if row["category_id"] is None
        else {
            "id": row["category_id"],
            "name": row["category__name"],
            "color": row["category__color"],
        },
        "comment": row["comment"],
        "field_values": row["field_values"],
        "services": services,
        # The whole visit: its services and what was sold in it (checkout's sale lines).
        "total": round_money(sum((s["amount"] for s in services), sold), currency),
        "outside_hours": row["outside_hours"],
        "version": row["version"],
        "deleted": row["deleted_at"] is not None,
    }


def present_booking(*, actor: Actor, booking: Booking, tz: ZoneInfo) -> dict[str, Any]:
    """A booking as plain data, times in the location's zone; needs `_with_details` rows."""
    client, category = booking.client, booking.category
    row = {name: getattr(booking, name) for name in _ROW if "__" not in name}
    row.update(
        client__name=client.name if client else "",
        client__phone=client.phone if client else "",
        category__name=category.name if category else "",
        category__color=category.color if category else "",
    )
    lines = [
        {
            "service_id": s.service_id,
            "service__name": s.service.name,
            "quantity": s.quantity,
            "price": s.price,
            "duration_minutes": s.duration_minutes,
            "discount_kind": s.discount_kind,
            "discount_value": s.discount_value,
        }
        for s in booking.services.all()
    ]
    return _present(actor, row, lines, tz, _sold(actor, [booking.pk]).get(booking.pk, ZERO))


def present_bookings(
    *, actor: Actor, bookings: QuerySet[Booking], tz: ZoneInfo
) -> list[dict[str, Any]]:
    """Many bookings as plain data in two queries, without building model objects.

    A busy day has hundreds of bookings; reading plain rows is several times faster.
    """
    rows = list(bookings.values(*_ROW))
    lines: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for line in (
        BookingService.objects.filter(booking__in=bookings.values("pk"))
        .order_by("booking_id", "position", "id")
        .values("booking_id", *_LINE)
    ):
        lines[line["booking_id"]].append(line)
    sold = _sold(actor, [row["id"] for row in rows]) if rows else {}
    return [_present(actor, row, lines[row["id"]], tz, sold.get(row["id"], ZERO)) for row in rows]


def _sold(actor: Actor, booking_ids: list[int]) -> dict[int, Decimal]:
    """What was sold in each booking besides its services (one query), priced by the rule."""
    currency = actor.chain.currency
    sold: dict[int, Decimal] = defaultdict(Decimal)
    for line in SaleLine.objects.live().filter(booking_id__in=booking_ids):
        net = price_line(
            quantity=line.quantity,
            price=line.price,
            currency=currency,
            discount_kind=line.discount_kind,
            discount_value=line.discount_value,
        ).net
        sold[line.booking_id] += net
    return sold


def _local_instant(day: date, wall: time, tz: ZoneInfo) -> datetime:
    return to_utc(day, wall, tz).astimezone(tz)


def schedule(
    *,
    actor: Actor,
    location_id: int,
    start: date,
    end: date | None = None,
    staff_id: int | None = None,
) -> dict[str, Any]:
    """Everything needed to draw a calendar: each staff member's hours and bookings, per day.

    A fixed number of queries for any number of staff, days and bookings.
    """
    require(actor, "bookings.view")
    end = end or start
    if end < start:
        raise Invalid({"end": _("The range must end on or after its start.")})
    check_bookable_day(start, "date")
    check_bookable_day(end, "end_date")
    if (end - start).days >= MAX_SCHEDULE_DAYS:
        message = ngettext(
            "Ask for at most %(days)s day at a time.",
            "Ask for at most %(days)s days at a time.",
            MAX_SCHEDULE_DAYS,
        ) % {"days": MAX_SCHEDULE_DAYS}
        raise Invalid({"end": message})
    location = access_location(actor=actor, location_id=location_id)
    tz = location.zone
    staff_qs = StaffMember.objects.filter(location=location, is_active=True).select_related(
        "position"
    )
    if staff_id is not None:
        staff_qs = staff_qs.filter(pk=staff_id)
    staff = list(staff_qs)
    calendars = staff_calendars(staff_ids=[s.pk for s in staff], start=start, end=end)
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]

    staff_out = []
    for member in staff:
        calendar = calendars[member.pk]
        member_days = []
        for day in days:
            hours = calendar.hours_on(day)
            member_days.append(
                {
                    "date": day,
                    "day_off": calendar.day_off_reason(day),
                    "hours": None
                    if hours is None
                    else {
                        "start": _local_instant(day, hours.start, tz),
                        "end": _local_instant(day, hours.end, tz),
                    },
                    "breaks": []
                    if hours is None
                    else [
                        {"start": _local_instant(day, b, tz), "end": _local_instant(day, e, tz)}
                        for b, e in hours.breaks
                    ],
                }
            )
        member_days_out = {
            "id": member.pk,
            "name": member.name,
            "position": member.position.name if member.position else "",
            "color": member.color,
            "days": member_days,
        }
        staff_out.append(member_days_out)

    range_start = to_utc(start, time(0), tz)
    range_end = to_utc(end + timedelta(days=1), time(0), tz)
    bookings = Booking.objects.live().filter(
        location=location,
        start_at__lt=range_end,
        end_at__gt=range_start,
        staff_id__in=[s.pk for s in staff],
    )
    return {
        "location": {"id": location.pk, "name": location.name, "time_zone": location.time_zone},
        "start": start,
        "end": end,
        "staff": staff_out,
        "bookings": present_bookings(
            actor=actor, bookings=bookings.order_by("start_at", "id"), tz=tz
        ),
    }


def booking_category_list(*, actor: Actor) -> QuerySet[BookingCategory]:
    """The chain's booking categories for their settings page, each with `live_bookings`: how
    many bookings not deleted carry it (they lose it when the category is deleted)."""
    require(actor, "settings.manage")
    return BookingCategory.objects.filter(chain_id=actor.chain_id).annotate(
        live_bookings=Count("bookings", filter=Q(bookings__deleted_at__isnull=True))
    )


def access_booking_category(
    *, actor: Actor, category_id: int, lock: bool = False
) -> BookingCategory:
    qs = BookingCategory.objects.filter(chain_id=actor.chain_id)
    if lock:
        qs = qs.select_for_update()
    try:
        return qs.get(pk=category_id)
    except BookingCategory.DoesNotExist:
        raise NotFound(_("Booking category %(id)s not found.") % {"id": category_id}) from None


def visible_booking_category(*, actor: Actor, category_id: int) -> BookingCategory:
    """One category for its settings page, with `live_bookings` (NotFound across chains)."""
    try:
        return booking_category_list(actor=actor).get(pk=category_id)
    except BookingCategory.DoesNotExist:
        raise NotFound(_("Booking category %(id)s not found.") % {"id": category_id}) from None
