"""A client's visits and money as the client card shows them: figures, history, who owes.

These read the checkout's lines and payments and price them with the one pricing rule,
so they live here rather than in the clients app, which knows nothing of money.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import (
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from salonbook.accounts.permissions import require
from salonbook.bookings.models import Booking, BookingService, BookingStatus
from salonbook.checkout.models import DepositEntry, Payment, SaleLine
from salonbook.checkout.pricing import LinePrice, visit_totals
from salonbook.checkout.selectors import price_sale_line, price_service_line
from salonbook.clients.selectors import access_client
from salonbook.money import minor_unit, round_money
from salonbook.tenancy.context import Actor

HISTORY_PAGE = 200
_CHUNK = 900
_AMOUNT = DecimalField(max_digits=14, decimal_places=2)


def client_visits(
    *, actor: Actor, client_id: int, offset: int = 0, limit: int = HISTORY_PAGE
) -> dict[str, Any]:
    """The client's bookings, newest first: when, where, who, what, how much, and the status.

    Five queries whatever the number of visits: the client, the bookings (with location and
    staff; one row more than the page tells whether there are older ones), their services,
    their sales and their payments.
    """
    require(actor, "clients.view")
    require(actor, "bookings.view")
    client = access_client(actor=actor, client_id=client_id)
    limit = max(1, min(limit, HISTORY_PAGE))
    offset = max(0, offset)
    rows = list(
        Booking.objects.live()
        .filter(chain_id=actor.chain_id, client=client)
        .select_related("location", "staff")
        .order_by("-start_at", "-id")[offset : offset + limit + 1]
    )
    has_more = len(rows) > limit
    bookings = rows[:limit]
    ids = [b.pk for b in bookings]
    currency = actor.chain.currency
    lines: dict[int, list[LinePrice]] = defaultdict(list)
    names: dict[int, list[str]] = defaultdict(list)
    for line in (
        BookingService.objects.filter(booking_id__in=ids)
        .select_related("service")
        .order_by("position", "id")
    ):
        lines[line.booking_id].append(price_service_line(line, currency))
        names[line.booking_id].append(
            line.service.name if line.quantity == 1 else f"{line.service.name} × {line.quantity}"
        )
    sold: dict[int, list[str]] = defaultdict(list)
    for sale in SaleLine.objects.live().filter(booking_id__in=ids).order_by("id"):
        lines[sale.booking_id].append(price_sale_line(sale, currency))
        sold[sale.booking_id].append(sale.name)
    paid: dict[int, list[Decimal]] = defaultdict(list)
    for booking_id, amount in (
        Payment.objects.live().filter(booking_id__in=ids).values_list("booking_id", "amount")
    ):
        paid[booking_id].append(amount)
    visits = []
    for booking in bookings:
        totals = visit_totals(lines=lines[booking.pk], payments=paid[booking.pk], currency=currency)
        visits.append(
            {
                "id": booking.pk,
                "start_at": booking.start_at.astimezone(booking.location.zone),
                "location": {"id": booking.location_id, "name": booking.location.name},
                "staff": {"id": booking.staff_id, "name": booking.staff.name},
                "services": names[booking.pk],
                "sales": sold[booking.pk],
                "total": totals.total,
                "paid": totals.paid,
                "due": totals.due,
                "status": booking.status,
                # A visit that took place (or was paid for): what is due on it is owed.
                "happened": booking.status == BookingStatus.ARRIVED or bool(paid[booking.pk]),
                "status_label": str(BookingStatus(booking.status).label),
            }
        )
    return {"client_id": client.pk, "visits": visits, "offset": offset, "has_more": has_more}


def clients_with_balance(*, actor: Actor) -> set[int]:
    """Ids of the clients who owe something: a visit that happened is not paid in full.

    Pricing every visit of the base would be slow, so the database first drops the visits
    paid at least their undiscounted price (quantity x price: exact, as prices are kept in
    the currency's minor unit and quantities are whole, so rounding adds nothing and only a
    discount makes a visit cost less); the rest are priced exactly by the pricing rule.
    """
    require(actor, "clients.view")
    currency = actor.chain.currency
    live_payments = Payment.objects.live().filter(booking=OuterRef("pk"))
    service_gross = (
        BookingService.objects.filter(booking=OuterRef("pk"))
        .values("booking")
        .annotate(s=Sum(ExpressionWrapper(F("quantity") * F("price"), output_field=_AMOUNT)))
    )
    sale_gross = (
        SaleLine.objects.live()
        .filter(booking=OuterRef("pk"))
        .values("booking")
        .annotate(s=Sum(ExpressionWrapper(F("quantity") * F("price"), output_field=_AMOUNT)))
    )
    paid_sum = live_payments.values("booking").annotate(s=Sum("amount")).values("s")
    zero = Value(Decimal("0"), output_field=_AMOUNT)
    # Less a quarter of a minor unit: SQLite multiplies prices as floats.
    quarter_unit = Value(minor_unit(currency) / 4, output_field=_AMOUNT)
    candidates: QuerySet[Booking] = (
        Booking.objects.live()
        .filter(
            chain_id=actor.chain_id,
            client__isnull=False,
            client__deleted_at__isnull=True,
        )
        .annotate(has_payment=Exists(live_payments))
        .filter(Q(status=BookingStatus.ARRIVED) | Q(has_payment=True))
        .annotate(
            gross=Coalesce(Subquery(service_gross.values("s")), zero)
            + Coalesce(Subquery(sale_gross.values("s")), zero),
            paid=Coalesce(Subquery(paid_sum), zero),
        )
        .filter(gross__gt=0, paid__lt=F("gross") - quarter_unit)
        .order_by()
    )
    candidate_rows = dict(candidates.values_list("pk", "client_id"))
    lines: dict[int, list[LinePrice]] = defaultdict(list)
    paid: dict[int, Decimal] = defaultdict(Decimal)
    booking_ids = list(candidate_rows)
    # In chunks: SQLite caps the parameters of one statement.
    for start in range(0, len(booking_ids), _CHUNK):
        ids = booking_ids[start : start + _CHUNK]
        for line in BookingService.objects.filter(booking_id__in=ids):
            lines[line.booking_id].append(price_service_line(line, currency))
        for sale in SaleLine.objects.live().filter(booking_id__in=ids):
            lines[sale.booking_id].append(price_sale_line(sale, currency))
        for booking_id, amount in (
            Payment.objects.live().filter(booking_id__in=ids).values_list("booking_id", "amount")
        ):
            paid[booking_id] += amount
    owing: set[int] = set()
    for booking_id, client_id in candidate_rows.items():
        total = visit_totals(lines=lines[booking_id], payments=[], currency=currency).total
        if round_money(paid[booking_id], currency) < total:
            owing.add(client_id)
    return owing


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
