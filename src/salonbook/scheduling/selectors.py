"""Loading working hours for many staff members and days in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from salonbook.accounts.permissions import require
from salonbook.scheduling.availability import DayHours, hours_for_date, parse_breaks
from salonbook.scheduling.models import DayOverride, TimeOff, WeeklyHours
from salonbook.tenancy.context import Actor


@dataclass
class StaffCalendar:
    """Everything that decides one staff member's hours, ready for the availability engine."""

    weekly: dict[int, DayHours] = field(default_factory=dict)
    overrides: dict[date, DayHours | None] = field(default_factory=dict)
    time_off: list[tuple[date, date]] = field(default_factory=list)
    time_off_kinds: dict[tuple[date, date], str] = field(default_factory=dict)

    def hours_on(self, day: date) -> DayHours | None:
        return hours_for_date(
            day, weekly=self.weekly, overrides=self.overrides, time_off=self.time_off
        )

    def day_off_reason(self, day: date) -> str | None:
        """Why `day` is not worked: a time-off kind, "day_off", or None when it is worked."""
        for (start, end), kind in self.time_off_kinds.items():
            if start <= day <= end:
                return kind
        if self.hours_on(day) is None:
            return "day_off"
        return None


def staff_calendars(
    *, staff_ids: Iterable[int], start: date, end: date
) -> dict[int, StaffCalendar]:
    """Calendars of the given staff for [start, end] in three queries, whatever their number."""
    ids = list(staff_ids)
    calendars: dict[int, StaffCalendar] = defaultdict(StaffCalendar)
    for staff_id in ids:
        calendars[staff_id] = StaffCalendar()
    for staff_id, weekday, start_time, end_time, breaks in WeeklyHours.objects.filter(
        staff_id__in=ids
    ).values_list("staff_id", "weekday", "start_time", "end_time", "breaks"):
        calendars[staff_id].weekly[weekday] = DayHours(start_time, end_time, parse_breaks(breaks))
    for staff_id, day, is_day_off, day_start, day_end, day_breaks in DayOverride.objects.filter(
        staff_id__in=ids, date__gte=start, date__lte=end
    ).values_list("staff_id", "date", "is_day_off", "start_time", "end_time", "breaks"):
        # A worked day has both times (a check constraint says so); the test narrows the types.
        if is_day_off or day_start is None or day_end is None:
            calendars[staff_id].overrides[day] = None
        else:
            calendars[staff_id].overrides[day] = DayHours(
                day_start, day_end, parse_breaks(day_breaks)
            )
    for staff_id, first, last, kind in TimeOff.objects.filter(
        staff_id__in=ids, start_date__lte=end, end_date__gte=start
    ).values_list("staff_id", "start_date", "end_date", "kind"):
        calendars[staff_id].time_off.append((first, last))
        calendars[staff_id].time_off_kinds[(first, last)] = kind
    return dict(calendars)


def weekly_hours(*, actor: Actor, staff_id: int) -> QuerySet[WeeklyHours]:
    require(actor, "schedules.view")
    return WeeklyHours.objects.filter(staff_id=staff_id, staff__chain_id=actor.chain_id)


def day_overrides(*, actor: Actor, staff_id: int, start: date, end: date) -> QuerySet[DayOverride]:
    require(actor, "schedules.view")
    return DayOverride.objects.filter(
        staff_id=staff_id, staff__chain_id=actor.chain_id, date__gte=start, date__lte=end
    )


def time_off_list(*, actor: Actor, staff_id: int) -> QuerySet[TimeOff]:
    require(actor, "schedules.view")
    return TimeOff.objects.filter(staff_id=staff_id, staff__chain_id=actor.chain_id)


def weekly_by_staff(*, actor: Actor, staff_ids: Iterable[int]) -> dict[int, dict[int, WeeklyHours]]:
    """The weekly pattern of several staff members in one query: staff id -> weekday -> row."""
    require(actor, "schedules.view")
    found: dict[int, dict[int, WeeklyHours]] = defaultdict(dict)
    rows = WeeklyHours.objects.filter(staff_id__in=list(staff_ids), staff__chain_id=actor.chain_id)
    for row in rows:
        found[row.staff_id][row.weekday] = row
    return dict(found)
