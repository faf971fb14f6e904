"""The schedule: everything needed to draw a location's calendar for a range of days - each
staff member's hours, breaks and days off (bookings.schedule) and the bookings with their
services priced and their totals (visits.selectors) - in a fixed number of queries for any
number of staff, days and bookings. The API's GET /schedule and the schedule page read it.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from salonbook.accounts.permissions import require
from salonbook.bookings.models import Booking
from salonbook.bookings.schedule import check_schedule_range, staff_days
from salonbook.bookings.selectors import calendar_staff
from salonbook.scheduling.availability import to_utc
from salonbook.tenancy.context import Actor
from salonbook.tenancy.selectors import access_location
from salonbook.visits.selectors import present_bookings


def schedule(
    *,
    actor: Actor,
    location_id: int,
    start: date,
    end: date | None = None,
    staff_id: int | None = None,
) -> dict[str, Any]:
    """Each staff member's hours and bookings, per day, from `start` to `end` (one day by
    default), times in the location's zone."""
    require(actor, "bookings.view")
    end = end or start
    check_schedule_range(start, end)
    location = access_location(actor=actor, location_id=location_id)
    tz = location.zone
    staff = calendar_staff(actor=actor, location_id=location.pk, staff_id=staff_id)
    staff_out = staff_days(location=location, staff=staff, start=start, end=end)
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
