"""Benchmark: the client base of 50,000 clients. Prints figures; asserts nothing.

Called by bench/run.py after Django is set up. Prints the median time and SQL query count of:
- the search as one types (the selector, and the Clients tab's htmx answer, rendered), for a
  common name fragment, a rare one, a Cyrillic one and a phone fragment;
- the client card of a client with 200 visits: the page (figures and Customer details) and
  the History of visits tab (all 200), against a client with 2 visits, whose query counts must
  be the same;
- the "has a balance" filter over the whole base.
"""

from __future__ import annotations

import random
import time as clock
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.test import Client

from salonbook.accounts.models import User
from salonbook.accounts.selectors import actor_for_user
from salonbook.bookings.models import Booking, BookingService, BookingStatus
from salonbook.catalog.models import Service
from salonbook.chains.services import create_chain
from salonbook.checkout.client_selectors import clients_with_balance
from salonbook.checkout.models import Payment, PaymentMethod
from salonbook.clients.models import Client as ClientCard
from salonbook.clients.models import Importance
from salonbook.clients.selectors import client_search
from salonbook.staff.models import StaffMember
from salonbook.tenancy.models import Location

FIRST = [
    "Anna",
    "Maria",
    "Olga",
    "Elena",
    "Irina",
    "Natalia",
    "Sofia",
    "Emma",
    "Olivia",
    "Ava",
    "Mia",
    "Grace",
    "Chloe",
    "Lily",
    "Hannah",
    "Zoe",
    "Ella",
    "Lucy",
    "Ruby",
    "Alice",
    "Anastasia",
    "Daria",
    "Polina",
    "Ксения",
    "Анна",
    "Мария",
    "Ольга",
    "Елена",
    "Ирина",
]
LAST = [
    "Smith",
    "Johnson",
    "Brown",
    "Taylor",
    "Anderson",
    "Thomas",
    "Jackson",
    "White",
    "Harris",
    "Martin",
    "Thompson",
    "Garcia",
    "Martinez",
    "Robinson",
    "Clark",
    "Lewis",
    "Lee",
    "Walker",
    "Hall",
    "Allen",
    "Young",
    "King",
    "Wright",
    "Ivanova",
    "Petrova",
    "Sidorova",
    "Kuznetsova",
    "Popova",
    "Иванова",
    "Петрова",
    "Смирнова",
    "Кузнецова",
    "Попова",
    "Соколова",
]
AREAS = ("212", "646", "718", "917", "347", "305", "415", "617", "312", "213")


def build(clients: int) -> tuple[User, ClientCard, ClientCard]:
    rng = random.Random(5)
    owner = User.objects.create_user(email="client-base@example.com", password="x")  # noqa: S106
    with transaction.atomic():
        chain = create_chain(name="Client base", owner=owner)
        location = Location.objects.create(chain=chain, name="Base", time_zone="America/New_York")
        staff = StaffMember.objects.bulk_create(
            StaffMember(chain=chain, location=location, name=f"Stylist {i}") for i in range(5)
        )
        service = Service.objects.create(
            chain=chain, name="Cut", duration_minutes=45, price=Decimal("40")
        )
        numbers = rng.sample(range(2_000_000, 9_999_999), clients)
        cards = []
        for i, number in enumerate(numbers):
            card = ClientCard(
                chain=chain,
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                phone=f"+1{AREAS[i % len(AREAS)]}{number}",
                importance=rng.choice(Importance.values) if i % 10 == 0 else "",
            )
            card.fill_search_columns()
            cards.append(card)
        # One rare name to look for among the many common ones.
        cards[-1].name = "Zenobia Quartermaine"
        cards[-1].fill_search_columns()
        ClientCard.objects.bulk_create(cards, batch_size=2000)
        regular = ClientCard.objects.create(
            chain=chain, name="Regular Client", phone="+12125550001"
        )
        newcomer = ClientCard.objects.create(chain=chain, name="New Client", phone="+12125550002")
        cash = PaymentMethod.objects.filter(chain=chain).first()
        started = datetime(2026, 1, 5, 15, tzinfo=UTC)
        visits = [(regular, 200), (newcomer, 2)]
        # Other clients' visits too, a few unpaid, for the balance filter to sift.
        visits += [(c, 3) for c in ClientCard.objects.filter(chain=chain).order_by("?")[:2000]]
        bookings = []
        for client, count in visits:
            for k in range(count):
                start = started + timedelta(days=k, minutes=rng.randrange(0, 480, 15))
                bookings.append(
                    Booking(
                        chain=chain,
                        location=location,
                        staff=staff[k % len(staff)],
                        client=client,
                        start_at=start,
                        end_at=start + timedelta(minutes=45),
                        status=BookingStatus.ARRIVED,
                    )
                )
        bookings = Booking.objects.bulk_create(bookings, batch_size=2000)
        BookingService.objects.bulk_create(
            (
                BookingService(booking=b, service=service, price=Decimal("40"), duration_minutes=45)
                for b in bookings
            ),
            batch_size=2000,
        )
        Payment.objects.bulk_create(
            (
                Payment(chain=chain, booking=b, method=cash, amount=Decimal("40"))
                for i, b in enumerate(bookings)
                if i % 7
            ),
            batch_size=2000,
        )
    return owner, regular, newcomer


def _measure(label: str, fn: Callable[[], object], repeat: int) -> int:
    from bench.run import measure

    return measure(label, fn, repeat)[1]


def main(repeat: int, clients: int = 50_000) -> None:
    began = clock.perf_counter()
    owner, regular, newcomer = build(clients)
    actor = actor_for_user(user=owner, chain_id=regular.chain_id)
    print(f"Client base of {clients:,} clients (built in {clock.perf_counter() - began:.1f} s):")
    browser = Client(HTTP_HOST="127.0.0.1")  # a host the settings allow
    browser.force_login(owner)
    htmx = {"HX-Request": "true"}

    for label, typed in (
        ("a common name fragment", "ann"),
        ("a rare name fragment", "zenob"),
        ("a Cyrillic name fragment", "иван"),
        ("a phone fragment", "917 4"),
    ):
        found = len(list(client_search(actor=actor, query=typed)))
        _measure(
            f"search '{typed}' ({label}, {found} shown)",
            lambda typed=typed: list(client_search(actor=actor, query=typed)),
            repeat,
        )
        _measure(
            "  the Clients tab's answer, rendered",
            lambda typed=typed: _ok(browser.get("/clients/", {"q": typed}, headers=htmx)),
            repeat,
        )

    big = _measure(
        "client card, 200 visits (page: figures and details)",
        lambda: _ok(browser.get(f"/clients/{regular.pk}/")),
        repeat,
    )
    small = _measure(
        "client card, 2 visits (query count must match)",
        lambda: _ok(browser.get(f"/clients/{newcomer.pk}/")),
        repeat,
    )
    big_history = _measure(
        "history of visits, 200 visits (the tab, rendered)",
        lambda: _ok(browser.get(f"/clients/{regular.pk}/history/", headers=htmx)),
        repeat,
    )
    small_history = _measure(
        "history of visits, 2 visits (query count must match)",
        lambda: _ok(browser.get(f"/clients/{newcomer.pk}/history/", headers=htmx)),
        repeat,
    )
    same = (big, big_history) == (small, small_history)
    print(
        f"  -> query counts {'constant' if same else 'GROW'}"
        f" (card {small} vs {big}, history {small_history} vs {big_history})"
    )
    owing = len(clients_with_balance(actor=actor))
    _measure(
        f"'has a balance' filter over the base ({owing} clients owe)",
        lambda: clients_with_balance(actor=actor),
        max(1, repeat // 2),
    )


def _ok(response: object) -> None:
    status = getattr(response, "status_code", 0)
    if status != 200:
        raise RuntimeError(f"the page answered {status}")
