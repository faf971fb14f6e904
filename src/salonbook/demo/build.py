"""Building the demo chain, once: `build_demo()`, the entry point of `load_demo` and the tests.

It runs each part of the demo in turn, in the order the demo has always been built, since
they share one random generator: a fixed `today` and seed give the same demo on every run.
"""

from __future__ import annotations

import random
import time as clock
from datetime import date
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from salonbook.catalog.models import Product
from salonbook.demo.bookings import add_booking_categories, add_bookings
from salonbook.demo.catalog import add_catalog
from salonbook.demo.chain import CHAIN_NAME, add_members, open_chain, owner_of
from salonbook.demo.clients import add_clients
from salonbook.demo.loyalty import add_certificate_types
from salonbook.demo.staff import add_positions, add_schedule_changes, add_staff
from salonbook.demo.state import Demo
from salonbook.demo.stock import build_stock
from salonbook.demo.summary import Writer, demo_summary, print_summary
from salonbook.demo.visits import move_along, take_payments
from salonbook.tenancy.models import Chain


def build_demo(*, today: date | None = None, seed: int = 7, stdout: Writer | None = None) -> dict:
    """Create the demo chain (once) and return a summary of what it holds.

    `today` is the middle of the two booked weeks (default: today in New York); with a fixed
    `today` and `seed` the data is the same on every run.
    """
    started = clock.monotonic()
    # One transaction: all or nothing, and far faster on SQLite than a commit per write.
    # The check is inside it, so two loaders started at once cannot both build (on SQLite the
    # IMMEDIATE transaction admits one writer at a time).
    with transaction.atomic():
        chain = Chain.objects.filter(name=CHAIN_NAME).order_by("pk").first()
        created = chain is None
        if chain is None:
            chain = _build(today=today, rng=random.Random(seed))
        elif not Product.objects.filter(chain=chain).exists():
            # A demo chain built before products existed gets them (once) on the next run.
            build_stock(actor=owner_of(chain), chain=chain)
    summary = demo_summary(chain, created=created)
    if created:
        summary["seconds"] = round(clock.monotonic() - started, 1)
    if stdout is not None:
        print_summary(summary, stdout)
    return summary


def _build(*, today: date | None, rng: random.Random) -> Chain:
    """Every part in its turn. Keep the order: moving a step changes what the later ones draw."""
    day = today or timezone.localdate(timezone=ZoneInfo("America/New_York"))
    chain, owner, locations = open_chain()
    demo = Demo(rng=rng, today=day, fixed_today=today is not None, owner=owner, locations=locations)
    add_positions(demo)
    add_catalog(demo)
    build_stock(actor=owner, chain=chain)
    add_certificate_types(demo)
    add_staff(demo)
    add_schedule_changes(demo)
    add_members(demo, chain)
    add_booking_categories(demo)
    add_clients(demo)
    booked = add_bookings(demo)
    move_along(demo, booked)
    take_payments(demo, booked)
    return chain
