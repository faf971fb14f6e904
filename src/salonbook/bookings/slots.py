"""Free slots: when can this service be booked, with whom, over a range of days.

The database is asked a fixed number of questions (service, who performs it, their hours,
their bookings), whatever the number of staff, days or bookings; the rest is the pure
availability engine in scheduling.availability.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import BigIntegerField, F, Func, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from salonbook.accounts.permissions import require
from salonbook.bookings.models import Booking
from salonbook.catalog.models import Service, StaffService
from salonbook.catalog.selectors import access_service
from salonbook.errors import Invalid, NotFound
from salonbook.scheduling.availability import free_slot_seconds, working_seconds
from salonbook.scheduling.selectors import StaffCalendar, staff_calendars
from salonbook.tenancy.context import Actor

MAX_SLOT_DAYS = 62


@dataclass
class StaffSlots:
    staff_id: int
    staff_name: str
    location_id: int
    time_zone: str
    duration_minutes: int
    days: dict[date, list[datetime]]  # local date -> UTC start instants


def _pg_epoch(rounding: str, field: str) -> Func:
    return Func(
        F(field),
        template=f"CAST({rounding}(EXTRACT(EPOCH FROM %(expressions)s)) AS bigint)",
        output_field=BigIntegerField(),
    )


def _blocking_seconds(
    staff_ids: list[int], window_start: datetime, window_end: datetime
) -> dict[int, list[tuple[int, int]]]:
    """Each staff member's blocking bookings in the window as sorted epoch-second pairs.

    Starts are rounded down and ends up, so rounding never frees time that is booked.
    """
    qs = (
        Booking.objects.blocking()
        .filter(staff_id__in=staff_ids, start_at__lt=window_end, end_at__gt=window_start)
        .order_by("staff_id", "start_at")
    )
    busy: dict[int, list[tuple[int, int]]] = defaultdict(list)
    floor, ceil = math.floor, math.ceil
    if connection.vendor == "sqlite":
        # Django's SQLite converter parses each datetime with a regex; SQLite stores them as
        # ISO 8601 text in UTC, which fromisoformat reads many times faster. A month of a big
        # salon is tens of thousands of values, so this is a large part of the question.
        rows = qs.annotate(
            start_text=Cast("start_at", TextField()), end_text=Cast("end_at", TextField())
        ).values_list("staff_id", "start_text", "end_text")
        parse = datetime.fromisoformat
        for sid, start_text, end_text in rows:
            busy[sid].append(
                (
                    floor(parse(start_text + "+00:00").timestamp()),
                    ceil(parse(end_text + "+00:00").timestamp()),
                )
            )
    elif connection.vendor == "postgresql":
        # Epoch seconds computed by the server: building tens of thousands of aware
        # datetimes in the driver costs more than the whole slot search.
        epochs = qs.annotate(
            start_s=_pg_epoch("FLOOR", "start_at"), end_s=_pg_epoch("CEIL", "end_at")
        ).values_list("staff_id", "start_s", "end_s")
        for sid, start_s, end_s in epochs:
            busy[sid].append((start_s, end_s))
    else:
        for sid, b_start, b_end in qs.values_list("staff_id", "start_at", "end_at"):
            busy[sid].append((floor(b_start.timestamp()), ceil(b_end.timestamp())))
    return busy


def _check_range(start: date, end: date) -> None:
    if end < start:
        raise Invalid({"end": _("The range must end on or after its start.")})
    if (end - start).days >= MAX_SLOT_DAYS:
        message = ngettext(
            "Ask for at most %(days)s day at a time.",
            "Ask for at most %(days)s days at a time.",
            MAX_SLOT_DAYS,
        ) % {"days": MAX_SLOT_DAYS}
        raise Invalid({"end": message})


def _links(
    actor: Actor, service: Service, staff_id: int | None, location_id: int | None
) -> list[StaffService]:
    """Who performs the service (active staff of the chain), in the calendar's order."""
    links_qs = StaffService.objects.filter(
        service=service, staff__is_active=True, staff__chain_id=actor.chain_id
    ).select_related("staff__location", "service")
    if staff_id is not None:
        links_qs = links_qs.filter(staff_id=staff_id)
    if location_id is not None:
        links_qs = links_qs.filter(staff__location_id=location_id)
    links = list(links_qs.order_by("staff__sort_order", "staff__name", "staff_id"))
    if staff_id is not None and not links:
        message = _("Staff member %(staff)s does not perform %(service)s.") % {
            "staff": staff_id,
            "service": service.name,
        }
        raise Invalid({"staff_id": message})
    return links


def free_slots(
    *,
    actor: Actor,
    service_id: int,
    start: date,
    end: date,
    staff_id: int | None = None,
    location_id: int | None = None,
    now: datetime | None = None,
) -> list[StaffSlots]:
    """For each staff member performing the service, the start times free on each day."""
    require(actor, "bookings.create")
    _check_range(start, end)
    try:
        service = access_service(actor=actor, service_id=service_id)
    except NotFound:
        raise Invalid({"service_id": _("No service %(id)s.") % {"id": service_id}}) from None
    links = _links(actor, service, staff_id, location_id)
    staff_ids = [link.staff_id for link in links]
    calendars = staff_calendars(staff_ids=staff_ids, start=start, end=end)
    # A day before and after covers every zone's local days within the range.
    window_start = datetime.combine(start - timedelta(days=1), time(0), tzinfo=UTC)
    window_end = window_start + timedelta(days=(end - start).days + 3)
    busy = _blocking_seconds(staff_ids, window_start, window_end)
    now_seconds = (now or timezone.now()).timestamp()
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    return [
        _staff_slots(
            link,
            calendars[link.staff_id],
            busy.get(link.staff_id, []),
            days=days,
            now_seconds=now_seconds,
        )
        for link in links
    ]


def _staff_slots(
    link: StaffService,
    calendar: StaffCalendar,
    staff_busy: list[tuple[int, int]],
    *,
    days: list[date],
    now_seconds: float,
) -> StaffSlots:
    """One staff member's free starts on each day (the pure engine over their hours)."""
    location = link.staff.location
    tz = location.zone
    not_before = math.ceil(now_seconds + location.min_lead_minutes * 60)
    step = location.slot_step_minutes * 60
    duration = link.effective_duration * 60
    starts = [b[0] for b in staff_busy]
    ends = [b[1] for b in staff_busy]  # sorted too: one staff member's bookings never overlap
    per_day: dict[date, list[datetime]] = {}
    for day in days:
        hours = calendar.hours_on(day)
        if hours is None:
            continue
        working = working_seconds(day, hours, tz)
        if not working or working[-1][1] <= not_before:
            continue
        lo = bisect_right(ends, working[0][0])
        hi = bisect_left(starts, working[-1][1])
        slots = free_slot_seconds(
            working=working,
            busy=staff_busy[lo:hi],
            duration=duration,
            step=step,
            not_before=not_before,
        )
        if slots:
            per_day[day] = [datetime.fromtimestamp(t, UTC) for t in slots]
    return StaffSlots(
        staff_id=link.staff_id,
        staff_name=link.staff.name,
        location_id=location.pk,
        time_zone=location.time_zone,
        duration_minutes=link.effective_duration,
        days=per_day,
    )


def present_slots(result: list[StaffSlots]) -> list[dict]:
    """Slots as the API shows them: per staff member and local day, local times with offset."""
    out = []
    for staff in result:
        tz = ZoneInfo(staff.time_zone)
        out.append(
            {
                "staff_id": staff.staff_id,
                "staff_name": staff.staff_name,
                "location_id": staff.location_id,
                "time_zone": staff.time_zone,
                "duration_minutes": staff.duration_minutes,
                "days": [
                    {"date": day, "times": [t.astimezone(tz).isoformat() for t in times]}
                    for day, times in staff.days.items()
                ],
            }
        )
    return out
