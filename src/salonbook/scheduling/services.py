"""Writes on working hours: the weekly pattern, single-day changes and time off."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from django.db import transaction
from django.utils.translation import gettext

from salonbook.accounts.permissions import require
from salonbook.errors import Invalid, NotFound
from salonbook.scheduling.models import DayOverride, TimeOff, WeeklyHours
from salonbook.staff.models import StaffMember
from salonbook.staff.selectors import access_staff_member
from salonbook.sync.services import record_change
from salonbook.tenancy.context import Actor

Break = tuple[time, time]


@dataclass(frozen=True)
class WeekdayHours:
    weekday: int
    start_time: time
    end_time: time
    breaks: list[Break] = field(default_factory=list)


def _check_day(prefix: str, start: time, end: time, breaks: list[Break]) -> list[list[str]]:
    """Validate one day's hours and breaks; return the breaks as stored (["HH:MM","HH:MM"])."""
    if start >= end:
        raise Invalid({f"{prefix}end_time": gettext("The day must end after it starts.")})
    ordered = sorted(breaks)
    for i, (b_start, b_end) in enumerate(ordered):
        if b_start >= b_end:
            message = gettext("Break %(start)s must end after it starts.") % {
                "start": f"{b_start:%H:%M}"
            }
            raise Invalid({f"{prefix}breaks": message})
        if b_start < start or b_end > end:
            message = gettext("Break %(span)s is outside the working hours %(hours)s.") % {
                "span": f"{b_start:%H:%M}-{b_end:%H:%M}",
                "hours": f"{start:%H:%M}-{end:%H:%M}",
            }
            raise Invalid({f"{prefix}breaks": message})
        if i and ordered[i - 1][1] > b_start:
            raise Invalid({f"{prefix}breaks": gettext("Breaks overlap.")})
    return [[b.strftime("%H:%M"), e.strftime("%H:%M")] for b, e in ordered]


def _schedule_changed(actor: Actor, member: StaffMember, action: str, data: dict) -> None:
    record_change(actor=actor, entity="schedule", entity_id=member.pk, action=action, data=data)


@transaction.atomic
def set_weekly_hours(*, actor: Actor, staff_id: int, days: list[WeekdayHours]) -> list[WeeklyHours]:
    """Replace the staff member's weekly pattern; weekdays not listed become days off."""
    require(actor, "schedules.manage")
    member = access_staff_member(actor=actor, staff_id=staff_id, lock=True)
    seen: set[int] = set()
    rows = []
    for i, day in enumerate(days):
        if not 0 <= day.weekday <= 6:
            raise Invalid({f"days.{i}.weekday": gettext("Use 0 (Monday) to 6 (Sunday).")})
        if day.weekday in seen:
            raise Invalid({f"days.{i}.weekday": gettext("This weekday is listed twice.")})
        seen.add(day.weekday)
        stored = _check_day(f"days.{i}.", day.start_time, day.end_time, day.breaks)
        rows.append(
            WeeklyHours(
                staff=member,
                weekday=day.weekday,
                start_time=day.start_time,
                end_time=day.end_time,
                breaks=stored,
            )
        )
    WeeklyHours.objects.filter(staff=member).delete()
    created = WeeklyHours.objects.bulk_create(rows)
    _schedule_changed(actor, member, "weekly_set", {"weekdays": sorted(seen)})
    return created


@transaction.atomic
def set_day(
    *,
    actor: Actor,
    staff_id: int,
    day: date,
    is_day_off: bool = False,
    start_time: time | None = None,
    end_time: time | None = None,
    breaks: list[Break] | None = None,
    note: str = "",
) -> DayOverride:
    """Give one date its own hours, or make it a day off, whatever the weekly pattern says."""
    require(actor, "schedules.manage")
    member = access_staff_member(actor=actor, staff_id=staff_id, lock=True)
    if is_day_off:
        start_time = end_time = None
        stored: list[list[str]] = []
    else:
        if start_time is None or end_time is None:
            raise Invalid({"start_time": gettext("Give the hours, or mark the day as a day off.")})
        stored = _check_day("", start_time, end_time, breaks or [])
    override, _ = DayOverride.objects.update_or_create(
        staff=member,
        date=day,
        defaults={
            "is_day_off": is_day_off,
            "start_time": start_time,
            "end_time": end_time,
            "breaks": stored,
            "note": note,
        },
    )
    _schedule_changed(actor, member, "day_set", {"date": day.isoformat()})
    return override


@transaction.atomic
def clear_day(*, actor: Actor, staff_id: int, day: date) -> None:
    """Let a date follow the weekly pattern again."""
    require(actor, "schedules.manage")
    member = access_staff_member(actor=actor, staff_id=staff_id, lock=True)
    deleted, _ = DayOverride.objects.filter(staff=member, date=day).delete()
    if not deleted:
        raise NotFound(gettext("No change is set for %(day)s.") % {"day": day.isoformat()})
    _schedule_changed(actor, member, "day_cleared", {"date": day.isoformat()})


@transaction.atomic
def add_time_off(
    *,
    actor: Actor,
    staff_id: int,
    start_date: date,
    end_date: date,
    kind: str = TimeOff.Kind.VACATION,
    note: str = "",
) -> TimeOff:
    require(actor, "schedules.manage")
    member = access_staff_member(actor=actor, staff_id=staff_id, lock=True)
    if end_date < start_date:
        raise Invalid({"end_date": gettext("The time off must end on or after its first day.")})
    if kind not in TimeOff.Kind.values:
        values = ", ".join(TimeOff.Kind.values)
        raise Invalid({"kind": gettext("Use one of: %(values)s.") % {"values": values}})
    time_off = TimeOff.objects.create(
        staff=member, start_date=start_date, end_date=end_date, kind=kind, note=note
    )
    _schedule_changed(
        actor,
        member,
        "time_off_added",
        {"id": time_off.pk, "start": start_date.isoformat(), "end": end_date.isoformat()},
    )
    return time_off


@transaction.atomic
def delete_time_off(*, actor: Actor, time_off_id: int, staff_id: int | None = None) -> None:
    """Delete a time off of the actor's chain; with `staff_id`, only if it is that staff
    member's (a page showing one person's time off cannot delete someone else's)."""
    require(actor, "schedules.manage")
    found = TimeOff.objects.select_related("staff").filter(
        staff__chain_id=actor.chain_id, pk=time_off_id
    )
    if staff_id is not None:
        found = found.filter(staff_id=staff_id)
    time_off = found.first()
    if time_off is None:
        raise NotFound(gettext("Time off %(id)s not found.") % {"id": time_off_id})
    member = time_off.staff
    time_off.delete()
    _schedule_changed(actor, member, "time_off_deleted", {"id": time_off_id})
