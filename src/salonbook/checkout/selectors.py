"""Reading the checkout: a visit's lines priced and its totals (what every rule of a change
checks), payment methods, cash desks and payments. The visit as its window shows it is
salonbook.visits.selectors; a client's figures are checkout.client_selectors.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from salonbook.bookings.models import Booking, BookingService
from salonbook.checkout.models import CashDesk, Payment, PaymentMethod, SaleLine
from salonbook.checkout.pricing import LinePrice, Totals, price_line, visit_totals
from salonbook.errors import NotFound
from salonbook.tenancy.context import Actor


def price_service_line(line: BookingService, currency: str) -> LinePrice:
    return price_line(
        quantity=line.quantity,
        price=line.price,
        currency=currency,
        discount_kind=line.discount_kind,
        discount_value=line.discount_value,
    )


def price_sale_line(line: SaleLine, currency: str) -> LinePrice:
    return price_line(
        quantity=line.quantity,
        price=line.price,
        currency=currency,
        discount_kind=line.discount_kind,
        discount_value=line.discount_value,
    )


def current_totals(
    *,
    booking: Booking,
    currency: str,
    service_lines: Iterable[BookingService] | None = None,
) -> Totals:
    """A visit's totals as stored now: its services (or `service_lines`, to see what a change
    would make of it), its product sales and its live payments. Call under the booking's
    lock to act on them."""
    if service_lines is None:
        service_lines = BookingService.objects.filter(booking=booking)
    lines = [price_service_line(line, currency) for line in service_lines]
    lines += [
        price_sale_line(line, currency) for line in SaleLine.objects.live().filter(booking=booking)
    ]
    return visit_totals(
        lines=lines,
        payments=Payment.objects.live().filter(booking=booking).values_list("amount", flat=True),
        currency=currency,
    )


def payment_methods(*, actor: Actor, location_id: int | None = None) -> QuerySet[PaymentMethod]:
    """The chain's methods; with a location, those offered there (its own and chain-wide)."""
    qs = PaymentMethod.objects.filter(chain_id=actor.chain_id)
    if location_id is not None:
        qs = qs.filter(location_id__in=[location_id]) | qs.filter(location__isnull=True)
    return qs.order_by("sort_order", "id")


def access_payment_method(*, actor: Actor, method_id: int, lock: bool = False) -> PaymentMethod:
    qs = PaymentMethod.objects.filter(chain_id=actor.chain_id)
    if lock:
        qs = qs.select_for_update()
    try:
        return qs.get(pk=method_id)
    except PaymentMethod.DoesNotExist:
        raise NotFound(f"Payment method {method_id} not found.") from None


def cash_desks(*, actor: Actor, location_id: int | None = None) -> QuerySet[CashDesk]:
    qs = CashDesk.objects.filter(location__chain_id=actor.chain_id).select_related("location")
    return qs.filter(location_id=location_id) if location_id is not None else qs


def access_cash_desk(*, actor: Actor, cash_desk_id: int, lock: bool = False) -> CashDesk:
    qs = CashDesk.objects.filter(location__chain_id=actor.chain_id)
    if lock:
        qs = qs.select_for_update()
    try:
        return qs.get(pk=cash_desk_id)
    except CashDesk.DoesNotExist:
        raise NotFound(f"Cash desk {cash_desk_id} not found.") from None


def access_payment(*, actor: Actor, payment_id: int) -> Payment:
    try:
        return Payment.objects.select_related("booking", "method").get(
            chain_id=actor.chain_id, pk=payment_id
        )
    except Payment.DoesNotExist:
        raise NotFound(f"Payment {payment_id} not found.") from None
