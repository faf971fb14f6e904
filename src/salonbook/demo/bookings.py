"""The demo's fortnight of bookings: each staff member's working hours filled 55-75% on the
15-minute grid with one or two services, for the clients of their location, some in a booking
category, with a colour or a comment; a few are refused and left out, as a real desk would."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from salonbook.bookings.models import Booking
from salonbook.bookings.services import create_booking_category
from salonbook.catalog.models import StaffService
from salonbook.demo.catalog import ADD_ONS
from salonbook.demo.state import Demo
from salonbook.errors import DomainError
from salonbook.scheduling.availability import working_intervals
from salonbook.scheduling.selectors import staff_calendars
from salonbook.staff.models import StaffMember
from salonbook.tenancy.models import Location
from salonbook.visits.lines import ServiceRequest
from salonbook.visits.services import create_booking

DAYS_BACK = 7
DAYS_AHEAD = 7
STEP = 15  # minutes: every start time falls on this grid

BOOKING_CATEGORIES = [
    ("This specialist only", "#8e24aa"),
    ("First visit", "#43a047"),
    ("VIP", "#f9a825"),
]
BOOKING_COLORS = ["#ef9a9a", "#90caf9", "#a5d6a7", "#ffe082", "#ce93d8", "#80cbc4"]
BOOKING_COMMENTS = [
    "Wants to go two shades lighter; bring reference photos.",
    "Running about 10 minutes late, called ahead.",
    "Sensitive scalp: use the gentle shampoo.",
    "Prefers a quiet appointment, no small talk.",
    "Gift certificate from her sister.",
    "Allergic to latex: nitrile gloves only.",
    "Booked by phone, asked for a reminder the day before.",
    "Wedding on Saturday, wants a trial look.",
    "Pressure: firm. Avoid the lower back.",
    "Parking validation requested.",
    "Same as last time, please.",
    "Pregnant, second trimester.",
]

Booked = tuple[Booking, datetime]  # a booking, and the "now" it is judged against


def add_booking_categories(demo: Demo) -> None:
    for name, color in BOOKING_CATEGORIES:
        demo.categories[name] = create_booking_category(actor=demo.owner, name=name, color=color).pk


def add_bookings(demo: Demo) -> list[Booked]:
    """Book DAYS_BACK days before `today` to DAYS_AHEAD after it, staff member by staff member."""
    first = demo.today - timedelta(days=DAYS_BACK)
    last = demo.today + timedelta(days=DAYS_AHEAD)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    members = [m for _, m in demo.staff]
    calendars = staff_calendars(staff_ids=[m.pk for m in members], start=first, end=last)
    links: dict[int, list[StaffService]] = {}
    for link in StaffService.objects.filter(staff__in=members).select_related("service"):
        links.setdefault(link.staff_id, []).append(link)
    seen_clients: set[int] = set()
    created: list[Booked] = []

    for spec, member in demo.staff:
        location = demo.locations[spec.location]
        tz = location.zone
        pool = demo.clients[spec.location] + (
            demo.clients["abroad"] if spec.location == "ny" else []
        )
        offered = sorted(links[member.pk], key=lambda link: link.service.sort_order)
        # What counts as past: noon of `today` when it is fixed (deterministic), else now.
        now = (
            datetime.combine(demo.today, time(12), tzinfo=tz)
            if demo.fixed_today
            else timezone.now()
        )
        for day in days:
            hours = calendars[member.pk].hours_on(day)
            if hours is None:
                continue
            for interval in working_intervals(day, hours, tz):
                for start, requests in _plan_interval(demo, interval.start, interval.end, offered):
                    booking = _book(demo, location, member, start, requests, pool, seen_clients)
                    if booking is not None:
                        created.append((booking, now))
    return created


def _plan_interval(
    demo: Demo, start: datetime, end: datetime, offered: list[StaffService]
) -> list[tuple[datetime, list[ServiceRequest]]]:
    """Fill 55-75% of [start, end) with bookings on the 15-minute grid, gaps in between."""
    rng = demo.rng
    length = int((end - start).total_seconds() // 60) // STEP * STEP
    target = length * rng.uniform(0.55, 0.75)
    mains = [link for link in offered if link.service.name not in ADD_ONS] or offered
    extras = [link for link in offered if link.service.name in ADD_ONS]
    planned: list[tuple[int, list[StaffService]]] = []
    used = misses = 0
    while misses < 12:
        combo = [rng.choice(mains)]
        if extras and rng.random() < 0.3:
            extra = rng.choice(extras)
            if extra.service_id != combo[0].service_id:
                combo.append(extra)
        minutes = sum(link.effective_duration for link in combo)
        if used + minutes <= min(length, target + STEP):
            planned.append((minutes, combo))
            used += minutes
        else:
            misses += 1
    if not planned:
        return []
    gaps = [0] * (len(planned) + 1)
    for _ in range((length - used) // STEP):
        gaps[rng.randrange(len(gaps))] += STEP
    result = []
    cursor = start + timedelta(minutes=gaps[0])
    for (minutes, combo), gap in zip(planned, gaps[1:], strict=True):
        result.append((cursor, [ServiceRequest(service_id=link.service_id) for link in combo]))
        cursor += timedelta(minutes=minutes + gap)
    return result


def _book(
    demo: Demo,
    location: Location,
    member: StaffMember,
    start: datetime,
    requests: list[ServiceRequest],
    pool: list[int],
    seen_clients: set[int],
) -> Booking | None:
    rng = demo.rng
    client_id: int | None = rng.choice(pool) if rng.random() > 0.02 else None
    category_id = None
    if client_id in demo.vip_clients:
        category_id = demo.categories["VIP"]
    elif client_id is not None and client_id not in seen_clients and rng.random() < 0.25:
        category_id = demo.categories["First visit"]
    elif rng.random() < 0.06:
        category_id = demo.categories["This specialist only"]
    if client_id is not None:
        seen_clients.add(client_id)
    actor = (
        demo.specialist
        if member.pk == demo.specialist_staff_id and rng.random() < 0.3
        else demo.admin
    )
    try:
        return create_booking(
            actor=actor,
            location_id=location.pk,
            staff_id=member.pk,
            start=start,
            services=requests,
            client_id=client_id,
            category_id=category_id,
            color=rng.choice(BOOKING_COLORS) if rng.random() < 0.12 else "",
            comment=rng.choice(BOOKING_COMMENTS) if rng.random() < 0.15 else "",
        )
    except DomainError:
        # Refused (taken, or outside hours): a real administrator would pick another time.
        return None
