"""Benchmarks: free slots and the day schedule on a large salon. Prints figures; asserts nothing.

    make bench
    .venv/bin/python bench/run.py --staff 50 --days 30 --bookings 20000 --repeat 7

The schedule page itself (server render, and in Chromium on a phone-sized screen when Debian's
Chromium is installed) is measured by bench/schedule_page.py, the client base of 50,000
clients (search as one types, the card with 200 visits) by bench/client_base.py;
`--only clients|schedule-page|slots` runs one part.

Builds its own SQLite database in a temporary directory (or uses DATABASE_URL when set, in
which case point it at a scratch database), fills it, then times each question several times
and prints the median and the number of SQL queries. The same free-slot question is also
answered by a naive loop (one round of queries per staff member and day) so the ratio shows.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salonbook.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["SALONBOOK_DATA_DIR"] = tempfile.mkdtemp(prefix="salonbook-bench-")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from salonbook.accounts.models import User  # noqa: E402
from salonbook.accounts.selectors import actor_for_user  # noqa: E402
from salonbook.bookings.models import Booking, BookingService  # noqa: E402
from salonbook.bookings.slots import free_slots  # noqa: E402
from salonbook.catalog.models import Service, StaffService  # noqa: E402
from salonbook.chains.services import create_chain  # noqa: E402
from salonbook.scheduling.availability import (  # noqa: E402
    DayHours,
    Interval,
    hours_for_date,
    parse_breaks,
    staff_day_slots,
    to_utc,
)
from salonbook.scheduling.models import DayOverride, TimeOff, WeeklyHours  # noqa: E402
from salonbook.staff.models import StaffMember  # noqa: E402
from salonbook.tenancy.models import Location  # noqa: E402
from salonbook.visits.schedule import schedule  # noqa: E402

OPEN, CLOSE = time(9), time(21)


def build(staff_count: int, days: int, bookings: int, start: date) -> tuple:
    """A chain with one location whose staff all perform one service; bookings bulk-inserted."""
    rng = random.Random(42)
    owner = User.objects.create_user(
        email=f"bench-{staff_count}-{days}@example.com",
        password="x",  # noqa: S106
    )
    with transaction.atomic():
        chain = create_chain(name="Bench", owner=owner)
        location = Location.objects.create(chain=chain, name="Bench", time_zone="Europe/Berlin")
        tz = location.zone
        service = Service.objects.create(
            chain=chain, name="Cut", duration_minutes=45, price=Decimal("30")
        )
        staff = StaffMember.objects.bulk_create(
            StaffMember(chain=chain, location=location, name=f"Staff {i:02d}")
            for i in range(staff_count)
        )
        StaffService.objects.bulk_create(StaffService(staff=s, service=service) for s in staff)
        WeeklyHours.objects.bulk_create(
            WeeklyHours(
                staff=s, weekday=d, start_time=OPEN, end_time=CLOSE, breaks=[["13:00", "13:30"]]
            )
            for s in staff
            for d in range(7)
        )
        # A few days off and a vacation, so the engine has every kind of day.
        DayOverride.objects.bulk_create(
            DayOverride(staff=s, date=start + timedelta(days=rng.randrange(days)), is_day_off=True)
            for s in staff[::5]
        )
        TimeOff.objects.create(
            staff=staff[1], start_date=start + timedelta(days=3), end_date=start + timedelta(days=9)
        )
        # Non-overlapping 30-minute bookings on a 30-minute grid of each staff-day.
        per_day = bookings // (staff_count * days)
        extra = bookings - per_day * staff_count * days
        grid = [OPEN.hour * 60 + 30 * k for k in range((CLOSE.hour - OPEN.hour) * 2)]
        rows = []
        for s in staff:
            for d in range(days):
                day = start + timedelta(days=d)
                n = per_day + (1 if extra > 0 else 0)
                extra -= 1
                for minute in rng.sample(grid, min(n, len(grid))):
                    begin = to_utc(day, time(minute // 60, minute % 60), tz)
                    rows.append(
                        Booking(
                            chain=chain,
                            location=location,
                            staff=s,
                            start_at=begin,
                            end_at=begin + timedelta(minutes=30),
                        )
                    )
        Booking.objects.bulk_create(rows, batch_size=2000)
        ids = Booking.objects.filter(chain=chain).values_list("pk", flat=True)
        BookingService.objects.bulk_create(
            (
                BookingService(
                    booking_id=pk, service=service, price=Decimal("30"), duration_minutes=30
                )
                for pk in ids
            ),
            batch_size=2000,
        )
    return actor_for_user(user=owner, chain_id=chain.pk), location, service, staff


def naive_free_slots(*, service: Service, start: date, end: date, now: datetime) -> int:
    """The obvious way: for every staff member and day, ask the database again."""
    total = 0
    for link in StaffService.objects.filter(service=service).select_related("staff__location"):
        tz = link.staff.location.zone
        day = start
        while day <= end:
            weekly = {
                w.weekday: DayHours(w.start_time, w.end_time, parse_breaks(w.breaks))
                for w in WeeklyHours.objects.filter(staff=link.staff, weekday=day.weekday())
            }
            overrides = {
                o.date: None
                if o.is_day_off
                else DayHours(o.start_time, o.end_time, parse_breaks(o.breaks))
                for o in DayOverride.objects.filter(staff=link.staff, date=day)
            }
            time_off = [
                (t.start_date, t.end_date)
                for t in TimeOff.objects.filter(
                    staff=link.staff, start_date__lte=day, end_date__gte=day
                )
            ]
            hours = hours_for_date(day, weekly=weekly, overrides=overrides, time_off=time_off)
            if hours is not None:
                day_start, day_end = to_utc(day, hours.start, tz), to_utc(day, hours.end, tz)
                busy = [
                    Interval(b.start_at, b.end_at)
                    for b in Booking.objects.blocking().filter(
                        staff=link.staff, start_at__lt=day_end, end_at__gt=day_start
                    )
                ]
                total += len(
                    staff_day_slots(
                        day,
                        hours,
                        tz,
                        busy=busy,
                        duration=timedelta(minutes=link.effective_duration),
                        step=timedelta(minutes=15),
                        not_before=now,
                    )
                )
            day += timedelta(days=1)
    return total


def measure(label: str, fn, repeat: int) -> tuple[float, int]:
    """Median wall time over `repeat` runs, and the query count of one more (counted) run.

    Counting wraps every cursor in Django's debug wrapper, so it is kept out of the timing.
    """
    fn()  # warm caches and imports
    times = []
    for _ in range(repeat):
        began = clock.perf_counter()
        fn()
        times.append(clock.perf_counter() - began)
    connection.queries_log.clear()  # the log keeps 9,000 queries; a full one counts as 0
    with CaptureQueriesContext(connection) as ctx:
        fn()
    median_ms = statistics.median(times) * 1000
    print(f"  {label:<58} median {median_ms:9.1f} ms   {len(ctx):5d} queries")
    return median_ms, len(ctx)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=50)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--bookings", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--clients", type=int, default=50_000)
    parser.add_argument(
        "--only", choices=("all", "slots", "clients", "schedule-page"), default="all"
    )
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    from bench import client_base, schedule_page

    if args.only == "clients":
        client_base.main(args.repeat, args.clients)
        return
    if args.only == "schedule-page":
        schedule_page.main(args.repeat)
        return
    start = date(2030, 1, 7)
    now = datetime(2030, 1, 1, tzinfo=UTC)
    began = clock.perf_counter()
    actor, location, service, staff = build(args.staff, args.days, args.bookings, start)
    small_actor, small_location, small_service, _ = build(5, 7, 300, start)
    print(
        f"Salonbook benchmarks on {connection.vendor} "
        f"({args.staff} staff, {args.days} days, {Booking.objects.count()} bookings in all; "
        f"built in {clock.perf_counter() - began:.1f} s)"
    )
    end = start + timedelta(days=args.days - 1)

    print("Free slots for one service, every staff member, whole range:")
    fast_ms, fast_q = measure(
        f"{args.staff} staff x {args.days} days (batched)",
        lambda: free_slots(actor=actor, service_id=service.pk, start=start, end=end, now=now),
        args.repeat,
    )
    _, small_q = measure(
        "5 staff x 7 days (batched) - query count must match",
        lambda: free_slots(
            actor=small_actor,
            service_id=small_service.pk,
            start=start,
            end=start + timedelta(days=6),
            now=now,
        ),
        args.repeat,
    )
    naive_ms, naive_q = measure(
        f"{args.staff} staff x {args.days} days (naive: queries per staff-day)",
        lambda: naive_free_slots(service=service, start=start, end=end, now=now),
        max(1, args.repeat // 3),
    )
    slots = sum(
        len(t)
        for s in free_slots(actor=actor, service_id=service.pk, start=start, end=end, now=now)
        for t in s.days.values()
    )
    print(
        f"  -> {slots} free slots; batched is {naive_ms / fast_ms:.1f}x faster than naive; "
        f"query count {'constant' if fast_q == small_q else 'GROWS'} ({small_q} vs {fast_q})"
    )

    print("Schedule of one location for one day:")
    busiest = start + timedelta(days=1)
    day_bookings = Booking.objects.filter(location=location, start_at__date=busiest).count()
    _, big_q = measure(
        f"{args.staff} staff, ~{day_bookings} bookings",
        lambda: schedule(actor=actor, location_id=location.pk, start=busiest),
        args.repeat,
    )
    _, small_sched_q = measure(
        "5 staff (query count must match)",
        lambda: schedule(actor=small_actor, location_id=small_location.pk, start=busiest),
        args.repeat,
    )
    print(
        f"  -> query count {'constant' if big_q == small_sched_q else 'GROWS'} "
        f"({small_sched_q} vs {big_q})"
    )

    if args.only == "all":
        client_base.main(args.repeat, args.clients)
        schedule_page.main(args.repeat)


if __name__ == "__main__":
    main()
