"""The schedule page: one column per staff member for a day, or one staff member's week.

Thin: parse, call one selector, render. The calendar grid draws itself in the browser from the
same JSON the API's GET /schedule answers, embedded in the page so the first paint needs no
second request; drag-and-drop writes through the API (PATCH /bookings/{id}), and the booking
sheet (visits.sheet_views) opens over it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.bookings.models import BookingStatus
from salonbook.bookings.rules import FIRST_DAY, LAST_DAY
from salonbook.bookings.selectors import calendar_staff
from salonbook.scheduling.models import TimeOff
from salonbook.sync.selectors import latest_cursor
from salonbook.tenancy.models import Location
from salonbook.visits.schedule import schedule
from salonbook.web.pages import actor_of, current_location, page, parse_id


def _parse_date(raw: str | None) -> date | None:
    """A day from the address, if it is one a calendar may show (with the week around it)."""
    try:
        day = date.fromisoformat(raw) if raw else None
    except ValueError:
        return None
    week = timedelta(days=7)
    return day if day is not None and FIRST_DAY + week <= day <= LAST_DAY - week else None


def _utc_offset(location: Location, day: date) -> str:
    """The location's UTC offset at noon of `day` as ±HH:MM (where the calendar draws "now")."""
    offset = datetime.combine(day, time(12), tzinfo=location.zone).utcoffset() or timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


# The order of the status buttons in the sheet, as the user manual lists them.
STATUS_ORDER = (
    BookingStatus.EXPECTED,
    BookingStatus.ARRIVED,
    BookingStatus.NO_SHOW,
    BookingStatus.CONFIRMED,
)


def status_labels() -> dict[str, str]:
    return {status.value: str(status.label) for status in STATUS_ORDER}


@page
def schedule_page(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require(actor, "bookings.view")
    location = current_location(request)
    if location is None:
        return render(request, "visits/no_location.html")
    today = timezone.now().astimezone(location.zone).date()
    day = _parse_date(request.GET.get("date")) or today
    view = "week" if request.GET.get("view") == "week" else "day"
    staff = calendar_staff(actor=actor, location_id=location.pk)
    staff_ids = [s.pk for s in staff]
    staff_id = parse_id(request.GET.get("staff"))
    if staff_id not in staff_ids:
        staff_id = None
    start = end = day
    # Whose week a week view shows when nobody is chosen: your own, else the first column's.
    own = actor.staff_member_id if actor.staff_member_id in staff_ids else None
    week_staff_id = own or (staff_ids[0] if staff_ids else None)
    if view == "week":
        staff_id = staff_id or week_staff_id
        start = day - timedelta(days=day.weekday())
        end = start + timedelta(days=6)
    # The cursor is read first: whatever commits after it reaches the page through the stream.
    cursor = latest_cursor(actor=actor) if actor.can("changes.view") else None
    data = schedule(actor=actor, location_id=location.pk, start=start, end=end, staff_id=staff_id)
    config = {
        "locationId": location.pk,
        "date": day.isoformat(),
        "today": today.isoformat(),
        "view": view,
        "staffId": staff_id,
        "weekStaffId": week_staff_id,
        "userId": actor.user_id,
        "timeZone": location.time_zone,
        "staff": [{"id": s.pk, "name": s.name} for s in staff],
        "step": location.slot_step_minutes,
        "offset": _utc_offset(location, start),
        "cursor": cursor,
        "canCreate": actor.can("bookings.create"),
        "canEdit": actor.can("bookings.edit"),
        "statuses": status_labels(),
        "dayOff": {kind.value: str(kind.label) for kind in TimeOff.Kind},
        "text": {
            "chooseTime": _("Choose the start time"),
            "staffMember": _("Staff member"),
            "allStaff": _("All staff"),
            "groups": _("Groups of staff"),
            "staffMembers": _("Staff members"),
            "break": _("Break"),
            "refused": _("Not saved"),
            "moved": _("Booking moved"),
            "noStaff": _("Nobody works at this location yet."),
            "cancel": _("Cancel"),
            "changedElsewhere": _("Someone else has just changed this booking."),
            "deletedElsewhere": _("Someone else has just deleted this booking."),
            "showChanges": _("Show the changes"),
        },
    }
    context = {
        # The selector's plain data, JSON-encoded as the API encodes it (test-checked).
        "schedule": data,
        "config": config,
        "day": day,
        "view": view,
        "staff": staff,
        "staff_id": staff_id,
    }
    return render(request, "visits/schedule.html", context)
