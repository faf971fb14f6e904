"""Reading visits: their lines priced, their payments, their totals; a client's figures."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Sum

from salonbook.accounts.permissions import require
from salonbook.bookings.models import Booking, BookingService, BookingStatus
from salonbook.bookings.selectors import visible_booking
from salonbook.checkout.models import (
    CashDesk,
    DepositEntry,
    Payment,
    PaymentMethod,
    SaleLine,
    VisitConsumable,
)
from salonbook.checkout.pricing import LinePrice, Totals, price_line, visit_totals
from salonbook.clients.selectors import access_client
from salonbook.errors import NotFound
from salonbook.loyalty.selectors import shown_code
from salonbook.money import round_money
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


def visit_detail(*, actor: Actor, booking_id: int) -> dict[str, Any]:
    """A visit as its window shows it: services and sales priced, consumables, payments and
    totals, in a fixed number of queries."""
    booking = visible_booking(actor=actor, booking_id=booking_id)
    return present_visit(actor=actor, booking=booking)


def present_visit(*, actor: Actor, booking: Booking) -> dict[str, Any]:
    """`visit_detail` of a booking already read through `visible_booking`."""
    currency = actor.chain.currency
    services = list(booking.services.all())
    sales = list(
        SaleLine.objects.live()
        .filter(booking=booking)
        .select_related("seller", "storage", "certificate__type")
    )
    consumables = list(
        VisitConsumable.objects.filter(booking=booking).select_related(
            "product", "storage", "service_line__service"
        )
    )
    payments = list(
        Payment.objects.live()
        .filter(booking=booking)
        .select_related("method", "cash_desk")
        .order_by("created_at", "id")
    )
    priced_services = [price_service_line(line, currency) for line in services]
    priced_sales = [price_sale_line(line, currency) for line in sales]
    totals = visit_totals(
        lines=priced_services + priced_sales,
        payments=[p.amount for p in payments],
        currency=currency,
    )
    return {
        "booking_id": booking.pk,
        "location_id": booking.location_id,
        "staff_id": booking.staff_id,
        "client_id": booking.client_id,
        "status": booking.status,
        "version": booking.version,
        "currency": currency,
        "services": [
            {
                "id": line.pk,
                "service_id": line.service_id,
                "name": line.service.name,
                "quantity": line.quantity,
                "price": line.price,
                "discount_kind": line.discount_kind,
                "discount_value": line.discount_value,
                "discount": priced.discount,
                "amount": priced.net,
                "duration_minutes": line.duration_minutes,
            }
            for line, priced in zip(services, priced_services, strict=True)
        ],
        "sales": [
            {
                "id": line.pk,
                "product_id": line.product_id,
                "name": line.name,
                "quantity": line.quantity,
                "price": line.price,
                "discount_kind": line.discount_kind,
                "discount_value": line.discount_value,
                "discount": priced.discount,
                "amount": priced.net,
                "seller_id": line.seller_id,
                "seller": line.seller.name if line.seller else "",
                "storage_id": line.storage_id,
                "certificate": None
                if line.certificate is None
                else {
                    "id": line.certificate.pk,
                    "kind": line.certificate.type.kind,
                    "code": shown_code(actor=actor, code=line.certificate.code),
                },
            }
            for line, priced in zip(sales, priced_sales, strict=True)
        ],
        "consumables": [
            {
                "id": item.pk,
                "product_id": item.product_id,
                "name": item.product.name,
                "unit": item.product.unit,
                "quantity": item.quantity,
                "storage_id": item.storage_id,
                "storage": item.storage.name,
                "service_line_id": item.service_line_id,
                "service": item.service_line.service.name if item.service_line else "",
                "written_off": item.written_off_at is not None,
            }
            for item in consumables
        ],
        "payments": [
            {
                "id": p.pk,
                "amount": p.amount,
                "method_id": p.method_id,
                "method": p.method.name,
                "cash_desk_id": p.cash_desk_id,
                "created_at": p.created_at,
            }
            for p in payments
        ],
        "totals": {
            "gross": totals.gross,
            "discount": totals.discount,
            "total": totals.total,
            "paid": totals.paid,
            "due": totals.due,
            "paid_in_full": totals.paid_in_full,
        },
    }


def client_figures(*, actor: Actor, client_id: int) -> dict[str, Any]:
    """What the client was sold, what they paid, the balance (sold - paid), and their deposit.

    Sold counts visits that happened (the client arrived, or paid), not bookings to come;
    paid counts every live payment of theirs.
    """
    require(actor, "clients.view")
    client = access_client(actor=actor, client_id=client_id)
    currency = actor.chain.currency
    visited = (
        Booking.objects.live()
        .filter(client=client)
        .annotate(has_payment=Exists(Payment.objects.live().filter(booking=OuterRef("pk"))))
        .filter(Q(status=BookingStatus.ARRIVED) | Q(has_payment=True))
    )
    lines = [
        price_service_line(line, currency)
        for line in BookingService.objects.filter(booking__in=visited.values("pk"))
    ] + [
        price_sale_line(line, currency)
        for line in SaleLine.objects.live().filter(booking__in=visited.values("pk"))
    ]
    sold = visit_totals(lines=lines, payments=[], currency=currency).total
    paid = Payment.objects.live().filter(booking__client=client).aggregate(s=Sum("amount"))["s"]
    deposit = DepositEntry.objects.filter(client=client).aggregate(s=Sum("amount"))["s"]
    # Sums come back from SQLite without their scale: round them like any amount.
    paid = round_money(paid or 0, currency)
    return {
        "client_id": client.pk,
        "visits": visited.count(),
        "sold": sold,
        "paid": paid,
        "balance": sold - paid,
        "deposit": round_money(deposit or 0, currency),
    }
