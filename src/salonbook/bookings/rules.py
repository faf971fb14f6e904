"""The two rules every booking write obeys: no overlap, and inside working hours."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from salonbook.bookings.models import Booking
from salonbook.errors import Invalid
from salonbook.scheduling.availability import to_utc, working_intervals
from salonbook.scheduling.selectors import staff_calendars
from salonbook.staff.models import StaffMember
from salonbook.tenancy.models import Location

# The days a calendar may show or a booking may fall on; beyond them dates overflow.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2200, 12, 31)


def check_bookable_day(value: date | datetime, field: str) -> None:
    day = value.date() if isinstance(value, datetime) else value
    if not FIRST_DAY <= day <= LAST_DAY:
        raise Invalid(
            {
                field: _("Choose a day between %(first)s and %(last)s.")
                % {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}
            }
        )


def to_utc_instant(value: datetime, zone: ZoneInfo) -> datetime:
    """An aware datetime in UTC; a naive one read as wall-clock time in `zone`."""
    if value.tzinfo is None:
        return to_utc(value.date(), value.time(), zone)
    return value.astimezone(UTC)


def booking_conflict(
    *, staff_id: int, start: datetime, end: datetime, exclude_id: int | None = None
) -> Booking | None:
    """The first booking that holds the staff member's time within [start, end), if any."""
    qs = Booking.objects.blocking().filter(staff_id=staff_id, start_at__lt=end, end_at__gt=start)
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    return qs.order_by("start_at").first()


def check_within_hours(
    *, staff: StaffMember, location: Location, start: datetime, end: datetime
) -> str | None:
    """None when [start, end) fits inside one working interval; else why it does not."""
    tz = location.zone
    local_start = start.astimezone(tz)
    day = local_start.date()
    calendar = staff_calendars(staff_ids=[staff.pk], start=day, end=day)[staff.pk]
    reason = calendar.day_off_reason(day)
    if reason is not None:
        messages = {
            "vacation": _("%(staff)s is on vacation on %(day)s."),
            "sick_leave": _("%(staff)s is on sick leave on %(day)s."),
        }
        message = messages.get(reason, _("%(staff)s is off on %(day)s."))
        return message % {"staff": staff.name, "day": day.isoformat()}
    hours = calendar.hours_on(day)
    assert hours is not None
    for interval in working_intervals(day, hours, tz):
        if interval.start <= start and end <= interval.end:
            return None
    local_end = end.astimezone(tz)
    values = {
        "span": f"{local_start:%H:%M}-{local_end:%H:%M}",
        "day": day.isoformat(),
        "staff": staff.name,
        "hours": f"{hours.start:%H:%M}-{hours.end:%H:%M}",
        "breaks": ", ".join(f"{b:%H:%M}-{e:%H:%M}" for b, e in hours.breaks),
    }
    if hours.breaks:
        return (
            _(
                "%(span)s on %(day)s is outside %(staff)s's working hours "
                "(%(hours)s, breaks %(breaks)s)."
            )
            % values
        )
    return _("%(span)s on %(day)s is outside %(staff)s's working hours (%(hours)s).") % values
