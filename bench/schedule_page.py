"""Benchmark: the schedule page of a busy day (50 staff, 400 bookings), server and browser.

Called by bench/run.py after Django is set up. Prints:
- the server time (median) and SQL query count of GET /schedule/ for that day, and the query
  count for a small location (5 staff, 40 bookings), which must be the same;
- when Debian's Chromium is installed: how long the page takes on a phone-sized screen
  (390x844, touch; it draws the first group of 6 staff columns) and on a desktop (1280x800,
  all 50 columns) from navigation until every booking block it shows is in the grid, and how
  long a tap on a free cell takes to open the time pop-up. Served by the real ASGI app under
  uvicorn.
"""

from __future__ import annotations

import os
import random
import socket
import statistics
import threading
import time as clock
from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from salonbook.accounts.models import User
from salonbook.bookings.models import Booking, BookingCategory, BookingService, BookingStatus
from salonbook.catalog.models import Service, StaffService
from salonbook.chains.services import create_chain
from salonbook.clients.models import Client as ClientCard
from salonbook.scheduling.availability import to_utc
from salonbook.scheduling.models import WeeklyHours
from salonbook.staff.models import StaffMember
from salonbook.tenancy.models import Location

CHROMIUM = "/usr/bin/chromium"
OPEN, CLOSE = time(9), time(21)
LUNCH = ["13:00", "13:30"]


def build_day(*, staff_count: int, bookings: int, day: date, tag: str) -> tuple[User, Location]:
    """A location whose staff share `bookings` non-overlapping bookings on `day`."""
    rng = random.Random(7)
    owner = User.objects.create_user(email=f"page-{tag}@example.com", password="x")  # noqa: S106
    with transaction.atomic():
        chain = create_chain(name=f"Page {tag}", owner=owner)
        location = Location.objects.create(chain=chain, name=tag, time_zone="America/New_York")
        services = Service.objects.bulk_create(
            Service(chain=chain, name=f"Service {i}", duration_minutes=30, price=Decimal("40"))
            for i in range(4)
        )
        staff = StaffMember.objects.bulk_create(
            StaffMember(chain=chain, location=location, name=f"Stylist {i:02d}", sort_order=i)
            for i in range(staff_count)
        )
        StaffService.objects.bulk_create(
            StaffService(staff=s, service=svc) for s in staff for svc in services
        )
        WeeklyHours.objects.bulk_create(
            WeeklyHours(
                staff=s, weekday=d, start_time=OPEN, end_time=CLOSE, breaks=[["13:00", "13:30"]]
            )
            for s in staff
            for d in range(7)
        )
        category = BookingCategory.objects.create(chain=chain, name="First visit", color="#42a5f5")
        clients = ClientCard.objects.bulk_create(
            ClientCard(chain=chain, name=f"Client {i}", phone=f"+1212555{i:04d}")
            for i in range(bookings)
        )
        grid = [
            OPEN.hour * 60 + 30 * k for k in range((CLOSE.hour - OPEN.hour) * 2) if k not in (8, 9)
        ]
        rows = []
        for i in range(bookings):
            member = staff[i % staff_count]
            slot = grid[(i // staff_count) % len(grid)]
            begin = to_utc(day, time(slot // 60, slot % 60), location.zone)
            rows.append(
                Booking(
                    chain=chain,
                    location=location,
                    staff=member,
                    client=clients[i],
                    start_at=begin,
                    end_at=begin + timedelta(minutes=30),
                    status=rng.choice(list(BookingStatus.values)),
                    category=category if i % 5 == 0 else None,
                    comment="",
                )
            )
        Booking.objects.bulk_create(rows)
        BookingService.objects.bulk_create(
            BookingService(
                booking=b, service=services[k % 4], price=Decimal("40"), duration_minutes=30
            )
            for k, b in enumerate(rows)
        )
    return owner, location


def _browser_for(owner: User) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")  # a host the settings allow
    client.force_login(owner)
    return client


def measure_server(owner: User, day: date, repeat: int) -> tuple[float, int]:
    client = _browser_for(owner)
    url = f"/schedule/?date={day.isoformat()}"
    assert client.get(url).status_code == 200  # warm templates and the session
    times = []
    for _ in range(repeat):
        began = clock.perf_counter()
        response = client.get(url)
        times.append(clock.perf_counter() - began)
        assert response.status_code == 200
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return statistics.median(times) * 1000, len(captured)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measure_browser(owner: User, day: date, repeat: int) -> None:
    if not Path(CHROMIUM).exists():
        print(f"  (browser figures skipped: no Chromium at {CHROMIUM}; apt-get install chromium)")
        return
    try:
        import uvicorn
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        print(f"  (browser figures skipped: {exc})")
        return
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop runs in this thread
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config("salonbook.asgi:application", host="127.0.0.1", port=port, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        clock.sleep(0.05)
    session = _browser_for(owner).cookies["sessionid"].value
    base = f"http://127.0.0.1:{port}"
    screens = {
        "phone 390x844": {
            "viewport": {"width": 390, "height": 844},
            "is_mobile": True,
            "has_touch": True,
        },
        "desktop 1280x800": {"viewport": {"width": 1280, "height": 800}},
    }
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            for label, options in screens.items():
                drawn, taps, counts = [], [], []
                for _ in range(repeat + 1):  # the first run warms the server and the disk cache
                    context = browser.new_context(**options)
                    context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
                    page = context.new_page()
                    page.goto(f"{base}/schedule/?date={day.isoformat()}", wait_until="commit")
                    # Drawn: every booking block the grid shows is in the page.
                    page.wait_for_function(
                        "(() => { const s = document.getElementById('schedule');"
                        " return s && s.dataset.shown && document.querySelectorAll("
                        "'.ec-event.booking').length >= Number(s.dataset.shown); })()",
                        polling="raf",
                        timeout=30000,
                    )
                    drawn.append(page.evaluate("performance.now()"))
                    counts.append(page.locator(".ec-event.booking").count())
                    # A tap on the break (13:00-13:30 is free for everyone) opens the pop-up.
                    page.evaluate("document.querySelector('.ec-main').scrollTop = 0")
                    cell = page.locator(".ec-body .ec-day").first.bounding_box()
                    slot = page.locator(".ec-body .ec-sidebar .ec-slot").nth(1).bounding_box()
                    began = page.evaluate("performance.now()")
                    x, y = cell["x"] + 20, cell["y"] + slot["height"] * 4.8
                    if options.get("has_touch"):
                        page.touchscreen.tap(x, y)
                    else:
                        page.mouse.click(x, y)
                    page.wait_for_selector("#time-picker:not(.hidden)", timeout=5000)
                    taps.append(page.evaluate("performance.now()") - began)
                    context.close()
                drawn, taps = drawn[1:], taps[1:]
                what = f"{label}: navigation -> grid drawn ({counts[-1]} blocks)"
                print(
                    f"  {what:<58} "
                    f"median {statistics.median(drawn):9.1f} ms   (max {max(drawn):.0f} ms)"
                )
                print(
                    f"  {label + ': tap on a free cell -> time pop-up':<58} "
                    f"median {statistics.median(taps):9.1f} ms"
                )
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=5)


def main(repeat: int) -> None:
    day = date(2030, 3, 12)
    owner, _ = build_day(staff_count=50, bookings=400, day=day, tag="busy")
    small_owner, _ = build_day(staff_count=5, bookings=40, day=day, tag="small")
    print("Schedule page (GET /schedule/, server side, whole HTML page):")
    _, big_q = _print_server("50 staff, 400 bookings", owner, day, repeat)
    _, small_q = _print_server(
        "5 staff, 40 bookings (query count must match)", small_owner, day, repeat
    )
    print(f"  -> query count {'constant' if big_q == small_q else 'GROWS'} ({small_q} vs {big_q})")
    print("  In Chromium (a phone draws the first group of 6 staff; a desktop all 50 columns):")
    measure_browser(owner, day, max(3, repeat // 2))


def _print_server(label: str, owner: User, day: date, repeat: int) -> tuple[float, int]:
    ms, queries = measure_server(owner, day, repeat)
    print(f"  {label:<58} median {ms:9.1f} ms   {queries:5d} queries")
    return ms, queries
