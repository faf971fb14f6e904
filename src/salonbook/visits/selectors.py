"""Reading a booking as a visit: the booking with its lines priced and its total (what the
schedule and the booking API show), and the visit as its window shows it: services and sales
priced, consumables, payments and totals. A fixed number of queries, whatever the visit holds.
Prices come from the one pricing rule (checkout.pricing).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

from salonbook.bookings.models import Booking, BookingService
from salonbook.bookings.selectors import visible_booking
from salonbook.checkout.models import Payment, SaleLine, VisitConsumable
from salonbook.checkout.pricing import ZERO, LinePrice, price_line, visit_totals
from salonbook.checkout.selectors import price_sale_line, price_service_line
from salonbook.clients.selectors import shown_name, visible_phone
from salonbook.loyalty.selectors import shown_code
from salonbook.money import round_money
from salonbook.tenancy.context import Actor


def booking_detail(*, actor: Actor, booking_id: int) -> dict[str, Any]:
    booking = visible_booking(actor=actor, booking_id=booking_id)
    return present_booking(actor=actor, booking=booking, tz=booking.location.zone)


# The columns a booking is presented from; `present_booking` and the schedule read the same.
_ROW = (
    "id",
    "location_id",
    "staff_id",
    "client_id",
    "client__name",
    "client__phone",
    "start_at",
    "end_at",
    "status",
    "color",
    "category_id",
    "category__name",
    "category__color",
    "comment",
    "field_values",
    "outside_hours",
    "version",
    "deleted_at",
)
_LINE = (
    "service_id",
    "service__name",
    "quantity",
    "price",
    "duration_minutes",
    "discount_kind",
    "discount_value",
)


def _present(
    actor: Actor,
    row: dict[str, Any],
    lines: list[dict[str, Any]],
    tz: ZoneInfo,
    sold: Decimal = Decimal(0),
) -> dict[str, Any]:
    """One booking as plain data, from a `_ROW` row and its `_LINE` rows, times in `tz`."""
    currency = actor.chain.currency
    services = []
    for line in lines:
        priced = price_line(
            quantity=line["quantity"],
            price=line["price"],
            currency=currency,
            discount_kind=line["discount_kind"],
            discount_value=line["discount_value"],
        )
        services.append(
            {
                "service_id": line["service_id"],
                "name": line["service__name"],
                "quantity": line["quantity"],
                "price": line["price"],
                "duration_minutes": line["duration_minutes"],
                "discount_kind": line["discount_kind"],
                "discount_value": line["discount_value"],
                "discount": priced.discount,
                "amount": priced.net,
            }
        )
    start_at, end_at = row["start_at"], row["end_at"]
    return {
        "id": row["id"],
        "location_id": row["location_id"],
        "staff_id": row["staff_id"],
        "client": None
        if row["client_id"] is None
        else {
            "id": row["client_id"],
            "name": shown_name(actor=actor, name=row["client__name"], phone=row["client__phone"]),
            "phone": visible_phone(actor=actor, phone=row["client__phone"]),
        },
        "start": start_at.astimezone(tz),
        "end": end_at.astimezone(tz),
        "duration_minutes": int((end_at - start_at).total_seconds() // 60),
        "status": row["status"],
        "color": row["color"],
        "category": None
        if row["category_id"] is None
        else {
            "id": row["category_id"],
            "name": row["category__name"],
            "color": row["category__color"],
        },
        "comment": row["comment"],
        "field_values": row["field_values"],
        "services": services,
        # The whole visit: its services and what was sold in it (checkout's sale lines).
        "total": round_money(sum((s["amount"] for s in services), sold), currency),
        "outside_hours": row["outside_hours"],
        "version": row["version"],
        "deleted": row["deleted_at"] is not None,
    }


def present_booking(*, actor: Actor, booking: Booking, tz: ZoneInfo) -> dict[str, Any]:
    """A booking as plain data, times in the location's zone; needs `_with_details` rows."""
    client, category = booking.client, booking.category
    row = {name: getattr(booking, name) for name in _ROW if "__" not in name}
    row.update(
        client__name=client.name if client else "",
        client__phone=client.phone if client else "",
        category__name=category.name if category else "",
        category__color=category.color if category else "",
    )
    lines = [
        {
            "service_id": s.service_id,
            "service__name": s.service.name,
            "quantity": s.quantity,
            "price": s.price,
            "duration_minutes": s.duration_minutes,
            "discount_kind": s.discount_kind,
            "discount_value": s.discount_value,
        }
        for s in booking.services.all()
    ]
    return _present(actor, row, lines, tz, _sold(actor, [booking.pk]).get(booking.pk, ZERO))


def present_bookings(
    *, actor: Actor, bookings: QuerySet[Booking], tz: ZoneInfo
) -> list[dict[str, Any]]:
    """Many bookings as plain data in two queries, without building model objects.

    A busy day has hundreds of bookings; reading plain rows is several times faster.
    """
    rows = list(bookings.values(*_ROW))
    lines: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for line in (
        BookingService.objects.filter(booking__in=bookings.values("pk"))
        .order_by("booking_id", "position", "id")
        .values("booking_id", *_LINE)
    ):
        lines[line["booking_id"]].append(line)
    sold = _sold(actor, [row["id"] for row in rows]) if rows else {}
    return [_present(actor, row, lines[row["id"]], tz, sold.get(row["id"], ZERO)) for row in rows]


def _sold(actor: Actor, booking_ids: list[int]) -> dict[int, Decimal]:
    """What was sold in each booking besides its services (one query), priced by the rule."""
    currency = actor.chain.currency
    sold: dict[int, Decimal] = defaultdict(Decimal)
    for line in SaleLine.objects.live().filter(booking_id__in=booking_ids):
        net = price_line(
            quantity=line.quantity,
            price=line.price,
            currency=currency,
            discount_kind=line.discount_kind,
            discount_value=line.discount_value,
        ).net
        sold[line.booking_id] += net
    return sold


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
    consumables = VisitConsumable.objects.filter(booking=booking).select_related(
        "product", "storage", "service_line__service"
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
            _service_row(line, priced)
            for line, priced in zip(services, priced_services, strict=True)
        ],
        "sales": [
            _sale_row(actor, line, priced) for line, priced in zip(sales, priced_sales, strict=True)
        ],
        "consumables": [_consumable_row(item) for item in consumables],
        "payments": [_payment_row(p) for p in payments],
        "totals": {
            "gross": totals.gross,
            "discount": totals.discount,
            "total": totals.total,
            "paid": totals.paid,
            "due": totals.due,
            "paid_in_full": totals.paid_in_full,
        },
    }


def _service_row(line: BookingService, priced: LinePrice) -> dict[str, Any]:
    return {
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


def _sale_row(actor: Actor, line: SaleLine, priced: LinePrice) -> dict[str, Any]:
    return {
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


def _consumable_row(item: VisitConsumable) -> dict[str, Any]:
    return {
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


def _payment_row(payment: Payment) -> dict[str, Any]:
    return {
        "id": payment.pk,
        "amount": payment.amount,
        "method_id": payment.method_id,
        "method": payment.method.name,
        "cash_desk_id": payment.cash_desk_id,
        "created_at": payment.created_at,
    }
