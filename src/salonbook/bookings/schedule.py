"""A location's calendar behind its bookings: the range a calendar may show, and each staff
member's working hours, breaks and days off per day, as wall-clock instants in the location's
zone (a DST day keeps 09:00 at 09:00). The schedule with its bookings and their money is
salonbook.visits.schedule.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from salonbook.bookings.rules import check_bookable_day
from salonbook.errors import Invalid
from salonbook.scheduling.availability import DayHours, to_utc
from salonbook.scheduling.selectors import staff_calendars
from salonbook.staff.models import StaffMember
from salonbook.tenancy.models import Location

MAX_SCHEDULE_DAYS = 31


def check_schedule_range(start: date, end: date) -> None:
    """Refuse a range that ends before it starts, lies outside the bookable days, or is
    longer than a calendar asks for at once."""
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


def _local_instant(day: date, wall: time, tz: ZoneInfo) -> datetime:
    return to_utc(day, wall, tz).astimezone(tz)


def _day(day: date, hours: DayHours | None, day_off: str | None, tz: ZoneInfo) -> dict[str, Any]:
    return {
        "date": day,
        "day_off": day_off,
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


def staff_days(
    *, location: Location, staff: list[StaffMember], start: date, end: date
) -> list[dict[str, Any]]:
    """Each staff member with their hours, breaks and day off on every day of the range, in
    a fixed number of queries (the three working-hour tables)."""
    tz = location.zone
    calendars = staff_calendars(staff_ids=[s.pk for s in staff], start=start, end=end)
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    out = []
    for member in staff:
        calendar = calendars[member.pk]
        out.append(
            {
                "id": member.pk,
                "name": member.name,
                "position": member.position.name if member.position else "",
                "color": member.color,
                "days": [
                    _day(day, calendar.hours_on(day), calendar.day_off_reason(day), tz)
                    for day in days
                ],
            }
        )
    return out
