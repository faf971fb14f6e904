"""Consumables used in a visit: added by hand or from a service's bill of materials, and
written off from stock when the visit is paid in full (put back if it is due again).

Every function locks the visit's booking row first, as the payments do, and only then lets
inventory lock product rows: one order everywhere, so they cannot deadlock.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salonbook.bookings.models import Booking, BookingService, BookingStatus
from salonbook.catalog.models import Product, ServiceMaterial
from salonbook.checkout.models import VisitConsumable
from salonbook.checkout.pricing import Totals
from salonbook.checkout.rules import visit_storage, visit_to_change
from salonbook.checkout.selectors import current_totals
from salonbook.errors import Invalid, NotFound
from salonbook.inventory.lock_objects import lock_products
from salonbook.inventory.models import MovementKind
from salonbook.inventory.services import StockLine, move_stock
from salonbook.sync.services import record_change
from salonbook.tenancy.context import Actor

MAX_QUANTITY = Decimal("100000")


def _quantity(value: Decimal | int | str, field: str = "quantity") -> Decimal:
    try:
        quantity = Decimal(str(value))
    except InvalidOperation:
        raise Invalid({field: _("Enter a number.")}) from None
    if not quantity.is_finite() or quantity <= 0 or quantity > MAX_QUANTITY:
        raise Invalid({field: _("Enter a quantity above zero.")})
    return quantity.quantize(Decimal("0.001"))


def _consumable_product(actor: Actor, product_id: int, field: str = "product_id") -> Product:
    product = Product.objects.filter(
        chain_id=actor.chain_id, pk=product_id, is_consumable=True, is_active=True
    ).first()
    if product is None:
        raise Invalid({field: _("No such consumable.")})
    return product


def _changed(actor: Actor, booking: Booking, action: str, consumable_id: int) -> None:
    record_change(
        actor=actor,
        entity="visit_consumable",
        entity_id=consumable_id,
        action=action,
        data={"booking_id": booking.pk, "location_id": booking.location_id},
    )


@transaction.atomic
def add_consumable(
    *,
    actor: Actor,
    booking_id: int,
    product_id: int,
    quantity: Decimal | int | str,
    storage_id: int | None = None,
    service_line_id: int | None = None,
) -> VisitConsumable:
    """Add a consumable from the list, with its quantity and the storage it comes from."""
    booking = visit_to_change(actor, booking_id)
    product = _consumable_product(actor, product_id)
    if (
        service_line_id is not None
        and not BookingService.objects.filter(booking=booking, pk=service_line_id).exists()
    ):
        raise Invalid({"service_line_id": _("No such service in this visit.")})
    item = VisitConsumable.objects.create(
        chain_id=actor.chain_id,
        booking=booking,
        product=product,
        storage=visit_storage(booking, storage_id),
        quantity=_quantity(quantity),
        service_line_id=service_line_id,
        created_by_id=actor.user_id,
    )
    _changed(actor, booking, "created", item.pk)
    settle_consumables(actor=actor, booking=booking)  # a visit paid in full uses it at once
    return item


@transaction.atomic
def apply_bill_of_materials(
    *, actor: Actor, booking_id: int, line_id: int, storage_id: int | None = None
) -> list[VisitConsumable]:
    """Add in one go what the service's bill of materials lists (times the line's quantity)."""
    booking = visit_to_change(actor, booking_id)
    line = BookingService.objects.filter(booking=booking, pk=line_id).first()
    if line is None:
        raise NotFound(f"Service line {line_id} not found in booking {booking.pk}.")
    materials = list(
        ServiceMaterial.objects.filter(
            service_id=line.service_id, product__is_active=True
        ).select_related("product")
    )
    if not materials:
        raise Invalid({"line_id": _("This service has no bill of materials.")})
    storage = visit_storage(booking, storage_id)
    items = VisitConsumable.objects.bulk_create(
        VisitConsumable(
            chain_id=actor.chain_id,
            booking=booking,
            product=material.product,
            storage=storage,
            quantity=_quantity(material.quantity * line.quantity),
            service_line=line,
            created_by_id=actor.user_id,
        )
        for material in materials
    )
    for item in items:
        _changed(actor, booking, "created", item.pk)
    settle_consumables(actor=actor, booking=booking)
    return items


def _access(actor: Actor, consumable_id: int) -> VisitConsumable:
    item = (
        VisitConsumable.objects.filter(chain_id=actor.chain_id, pk=consumable_id)
        .select_related("booking")
        .first()
    )
    if item is None:
        raise NotFound(f"Consumable {consumable_id} not found.")
    return item


def _not_written_off(item: VisitConsumable) -> None:
    if item.written_off_at is not None:
        raise Invalid(
            {"consumable": _("This consumable has left the stock already: delete a payment first.")}
        )


@transaction.atomic
def change_consumable(
    *,
    actor: Actor,
    consumable_id: int,
    quantity: Decimal | int | str | None = None,
    storage_id: int | None = None,
) -> VisitConsumable:
    booking = visit_to_change(actor, _access(actor, consumable_id).booking_id)
    item = VisitConsumable.objects.select_for_update().get(pk=consumable_id)
    _not_written_off(item)
    if quantity is not None:
        item.quantity = _quantity(quantity)
    if storage_id is not None and storage_id != item.storage_id:
        # Only a move to another storage needs one that is open; its own may have closed since.
        item.storage = visit_storage(booking, storage_id)
    item.save(update_fields=["quantity", "storage"])
    _changed(actor, booking, "updated", item.pk)
    return item


@transaction.atomic
def remove_consumable(*, actor: Actor, consumable_id: int) -> VisitConsumable:
    """Take a consumable out of the visit; returns it as it was."""
    booking = visit_to_change(actor, _access(actor, consumable_id).booking_id)
    item = VisitConsumable.objects.select_for_update().get(pk=consumable_id)
    _not_written_off(item)
    item.delete()
    _changed(actor, booking, "deleted", consumable_id)
    item.booking_id = booking.pk
    return item


def lock_visit_products(*, actor: Actor, booking: Booking, also: Iterable[int] = ()) -> None:
    """Lock the products a change of the visit may move - its consumables' and `also` - in id
    order, before any stock moves: locking them one move at a time would take them in an order
    of their own, and two visits could deadlock on PostgreSQL. Call with the booking locked."""
    ids = set(VisitConsumable.objects.filter(booking=booking).values_list("product_id", flat=True))
    lock_products(chain_id=actor.chain_id, product_ids=sorted(ids | set(also)))


def is_settled(booking: Booking, totals: Totals) -> bool:
    """Whether the visit's consumables have left stock: it is paid in full, or - costing
    nothing, so there is nothing to pay - the client came."""
    if totals.paid_in_full:
        return True
    return totals.total == 0 and booking.status == BookingStatus.ARRIVED


def settle_consumables(*, actor: Actor, booking: Booking) -> None:
    """Write the visit's consumables off when it is paid in full; put them back when it is
    due again (a payment deleted, a line added by a role that may change paid visits).
    Called after every change of a visit's lines or payments, inside its transaction, with
    the booking locked. Stock may go below zero for consumables: a visit is not held up
    because a tube was never booked in."""
    paid = is_settled(booking, current_totals(booking=booking, currency=actor.chain.currency))
    items = list(
        VisitConsumable.objects.select_for_update()
        .filter(booking=booking, written_off_at__isnull=paid)
        .order_by("pk")
    )
    if not items:
        return
    lock_visit_products(actor=actor, booking=booking)
    by_storage: dict[int, list[VisitConsumable]] = defaultdict(list)
    for item in items:
        by_storage[item.storage_id].append(item)
    for storage_id, group in sorted(by_storage.items()):
        move_stock(
            actor=actor,
            storage_id=storage_id,
            lines=[StockLine(product_id=i.product_id, quantity=i.quantity) for i in group],
            kind=MovementKind.CONSUMPTION if paid else MovementKind.CONSUMPTION_RETURN,
            source="booking",
            source_id=booking.pk,
            allow_negative=True,
        )
    VisitConsumable.objects.filter(pk__in=[i.pk for i in items]).update(
        written_off_at=timezone.now() if paid else None
    )
