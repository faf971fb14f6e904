"""Twenty clients race for one slot: exactly one gets it, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client

from salonbook.bookings.models import Booking
from tests.salon import make_salon, next_weekday

RACERS = 20


def _race(salon, bodies):
    """POST each body from its own thread and connection, all released at once."""
    barrier = threading.Barrier(len(bodies))
    statuses: list[int] = []
    lock = threading.Lock()

    def racer(body):
        try:
            client = Client()
            client.force_login(salon.users["owner"])
            barrier.wait(timeout=30)
            response = client.post(
                "/api/v1/bookings", json.dumps(body), content_type="application/json"
            )
            with lock:
                statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=racer, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


@pytest.mark.django_db(transaction=True)
def test_twenty_clients_racing_for_one_slot_yield_exactly_one_booking():
    salon = make_salon()
    day = next_weekday(2)
    body = {
        "location_id": salon.location.pk,
        "staff_id": salon.staff[0].pk,
        "start": salon.at(day, "11:00").isoformat(),
        "services": [{"service_id": salon.services[0].pk}],
    }
    # Each racer starts a little differently, so the slots overlap without being equal.
    bodies = [
        {**body, "start": (salon.at(day, "11:00") + timedelta(minutes=i % 4 * 10)).isoformat()}
        for i in range(RACERS)
    ]

    statuses = _race(salon, bodies)

    assert sorted(statuses) == [201] + [409] * (RACERS - 1), statuses
    assert Booking.objects.filter(staff=salon.staff[0]).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgresql_refuses_overlaps_even_without_the_service():
    salon = make_salon()
    day = next_weekday(3)
    first = salon.book(start=salon.at(day, "10:00"))

    with pytest.raises(IntegrityError, match="booking_no_overlap"), transaction.atomic():
        Booking.objects.create(
            chain=salon.chain,
            location=salon.location,
            staff=salon.staff[0],
            start_at=first.start_at + timedelta(minutes=30),
            end_at=first.end_at + timedelta(minutes=30),
        )

    # Deleted and no-show bookings do not hold the time, in the database either.
    Booking.objects.filter(pk=first.pk).update(status="no_show")
    Booking.objects.create(
        chain=salon.chain,
        location=salon.location,
        staff=salon.staff[0],
        start_at=first.start_at,
        end_at=first.end_at,
    )
    assert connection.vendor == "postgresql"
