"""What became of the demo's bookings: moved along as the days went (confirmed, arrived,
no-show, a few changed or deleted), and most visits that are over paid by card, in cash or both."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from salonbook.bookings.models import Booking, BookingStatus
from salonbook.checkout.models import PaymentMethod
from salonbook.checkout.payments import take_payment
from salonbook.checkout.selectors import current_totals
from salonbook.demo.bookings import BOOKING_COMMENTS, Booked
from salonbook.demo.state import Demo
from salonbook.money import round_money
from salonbook.visits.services import delete_booking, set_booking_status, update_booking


def _path(roll: float, booking: Booking, now: datetime) -> list[str]:
    """The statuses a booking went through by `now`, drawn from `roll`."""
    if booking.end_at <= now:
        if roll < 0.08:
            return [BookingStatus.NO_SHOW]
        if roll < 0.12:
            return [BookingStatus.CONFIRMED]
        if roll < 0.14:
            return []  # nobody updated it
        if roll < 0.6:
            return [BookingStatus.CONFIRMED, BookingStatus.ARRIVED]
        return [BookingStatus.ARRIVED]
    if booking.start_at <= now:
        return [BookingStatus.ARRIVED] if roll < 0.9 else [BookingStatus.CONFIRMED]
    days_ahead = (booking.start_at - now).days
    return [BookingStatus.CONFIRMED] if roll < (0.7 if days_ahead < 2 else 0.3) else []


def move_along(demo: Demo, created: list[Booked]) -> None:
    """Move bookings along as the days went: confirmed, arrived, no-show; delete a few."""
    rng = demo.rng
    admin = demo.admin
    for booking, now in created:
        for status in _path(rng.random(), booking, now):
            set_booking_status(actor=admin, booking_id=booking.pk, status=status)
        if rng.random() < 0.05:
            update_booking(actor=admin, booking_id=booking.pk, comment=rng.choice(BOOKING_COMMENTS))
        if rng.random() < 0.03:
            delete_booking(actor=admin, booking_id=booking.pk)


def take_payments(demo: Demo, created: list[Booked]) -> None:
    """Most visits that are over were paid: by card, in cash, or split between the two."""
    rng = demo.rng
    methods = {m.kind: m.pk for m in PaymentMethod.objects.filter(chain_id=demo.admin.chain_id)}
    for booking, now in created:
        booking.refresh_from_db(fields=["status", "deleted_at"])
        if booking.end_at > now or booking.status != BookingStatus.ARRIVED:
            continue
        if booking.deleted_at is not None or rng.random() < 0.1:
            continue  # a few are left to settle
        if rng.random() < 0.15:  # split: part in cash, the rest by card
            due = current_totals(booking=booking, currency="USD").due
            take_payment(
                actor=demo.admin,
                booking_id=booking.pk,
                method_id=methods["cash"],
                amount=round_money(due * Decimal("0.4"), "USD"),
            )
            kind = "card"
        else:
            kind = "card" if rng.random() < 0.65 else "cash"
        take_payment(actor=demo.admin, booking_id=booking.pk, method_id=methods[kind])
