"""Goods sold in a visit ("+ Add sale"), priced like every line: a product, taken from a
storage at once and put back if the sale is deleted; or a membership or gift card, issued
with its code (typed, or generated) and voided if the sale is deleted while still unused.
Locks: the visit's booking first, then (inventory, loyalty) the products or certificates -
the same order as payments and consumables."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salonbook.bookings.models import Booking
from salonbook.catalog.models import Product
from salonbook.checkout.consumables import lock_visit_products, settle_consumables
from salonbook.checkout.models import SaleLine
from salonbook.checkout.pricing import DiscountKind, check_discount, starting_discount
from salonbook.checkout.rules import check_not_overpaid, visit_storage, visit_to_change
from salonbook.checkout.selectors import current_totals
from salonbook.clients.selectors import client_prediscount
from salonbook.errors import Invalid, NotFound
from salonbook.inventory.models import MovementKind
from salonbook.inventory.services import StockLine, move_stock
from salonbook.loyalty.models import CertificateType
from salonbook.loyalty.services import issue_certificate, void_certificate
from salonbook.money import round_money
from salonbook.staff.models import StaffMember
from salonbook.sync.services import record_change
from salonbook.tenancy.context import Actor

MAX_QUANTITY = 999


def _changed(actor: Actor, booking: Booking, action: str, line: SaleLine) -> None:
    record_change(
        actor=actor,
        entity="sale_line",
        entity_id=line.pk,
        action=action,
        data={
            "booking_id": booking.pk,
            "location_id": booking.location_id,
            "product_id": line.product_id,
            "quantity": line.quantity,
        },
    )


@transaction.atomic
def sell_product(
    *,
    actor: Actor,
    booking_id: int,
    product_id: int,
    quantity: int = 1,
    price: Decimal | None = None,
    discount_kind: str | None = None,
    discount_value: Decimal | None = None,
    seller_id: int | None = None,
    storage_id: int | None = None,
) -> SaleLine:
    """Sell a product in the visit: the price defaults to the product's, the discount to the
    client's prediscount, the seller to the visit's staff member, the storage to the
    location's first. It leaves stock now (refused if the storage does not hold enough)."""
    booking = visit_to_change(actor, booking_id)
    discount_kind, discount_value = starting_discount(
        prediscount=client_prediscount(actor=actor, client_id=booking.client_id),
        kind=discount_kind,
        value=discount_value,
    )
    currency = actor.chain.currency
    product = Product.objects.filter(
        chain_id=actor.chain_id, pk=product_id, for_sale=True, is_active=True
    ).first()
    if product is None:
        raise Invalid({"product_id": _("No such product for sale.")})
    if not 1 <= quantity <= MAX_QUANTITY:
        raise Invalid(
            {"quantity": _("Enter a quantity from 1 to %(max)s.") % {"max": MAX_QUANTITY}}
        )
    if price is not None and price < 0:
        raise Invalid({"price": _("The price cannot be negative.")})
    line = SaleLine(
        chain_id=actor.chain_id,
        booking=booking,
        product=product,
        storage=visit_storage(booking, storage_id),
        name=product.name,
        quantity=quantity,
        price=round_money(product.price if price is None else price, currency),
        discount_kind=discount_kind,
        discount_value=discount_value,
        seller_id=_seller(actor, booking, seller_id),
        created_by_id=actor.user_id,
    )
    line.discount_value = check_discount(
        kind=line.discount_kind,
        value=line.discount_value,
        quantity=line.quantity,
        price=line.price,
        currency=currency,
    )
    line.save()
    assert line.storage_id is not None
    lock_visit_products(actor=actor, booking=booking, also=[product.pk])
    move_stock(
        actor=actor,
        storage_id=line.storage_id,
        lines=[StockLine(product_id=product.pk, quantity=Decimal(quantity))],
        kind=MovementKind.SALE,
        source="sale_line",
        source_id=line.pk,
    )
    _changed(actor, booking, "created", line)
    settle_consumables(actor=actor, booking=booking)
    return line


def _seller(actor: Actor, booking: Booking, seller_id: int | None) -> int:
    if seller_id is None:
        return booking.staff_id
    if not StaffMember.objects.filter(chain_id=actor.chain_id, pk=seller_id).exists():
        raise Invalid({"seller_id": _("No such staff member.")})
    return seller_id


@transaction.atomic
def sell_certificate(
    *,
    actor: Actor,
    booking_id: int,
    type_id: int,
    code: str | None = None,
    price: Decimal | None = None,
    discount_kind: str = DiscountKind.NONE,
    discount_value: Decimal = Decimal(0),
    seller_id: int | None = None,
) -> SaleLine:
    """Sell a membership or gift card in the visit ("Sell membership/gift card"): issued to
    the visit's client with `code`, or a generated one; priced at its type's price unless
    given. Refusals of the code or type come back on their fields."""
    booking = visit_to_change(actor, booking_id)
    currency = actor.chain.currency
    kind = CertificateType.objects.filter(chain_id=actor.chain_id, pk=type_id).first()
    if kind is None:
        raise Invalid({"type_id": _("No such membership or gift card.")})
    if price is not None and price < 0:
        raise Invalid({"price": _("The price cannot be negative.")})
    line = SaleLine(
        chain_id=actor.chain_id,
        booking=booking,
        name=kind.name,
        quantity=1,
        price=round_money(kind.price if price is None else price, currency),
        discount_kind=discount_kind,
        discount_value=discount_value,
        seller_id=_seller(actor, booking, seller_id),
        created_by_id=actor.user_id,
    )
    line.discount_value = check_discount(
        kind=line.discount_kind,
        value=line.discount_value,
        quantity=line.quantity,
        price=line.price,
        currency=currency,
    )
    line.save()
    line.certificate = issue_certificate(
        actor=actor,
        type_id=kind.pk,
        code=code,
        client_id=booking.client_id,
        source="sale_line",
        source_id=line.pk,
    )
    line.save(update_fields=["certificate"])
    _changed(actor, booking, "created", line)
    settle_consumables(actor=actor, booking=booking)
    return line


@transaction.atomic
def remove_sale(*, actor: Actor, sale_line_id: int) -> SaleLine:
    """Delete a sale (kept on record): the product goes back to its storage, a membership or
    gift card is voided (refused once it has been used)."""
    found = SaleLine.objects.live().filter(chain_id=actor.chain_id, pk=sale_line_id).first()
    if found is None:
        raise NotFound(f"Sale {sale_line_id} not found.")
    booking = visit_to_change(actor, found.booking_id)
    line = SaleLine.objects.select_for_update().get(pk=found.pk)
    if line.deleted_at is not None:
        raise NotFound(f"Sale {sale_line_id} not found.")
    line.deleted_at = timezone.now()
    line.deleted_by_id = actor.user_id
    line.save(update_fields=["deleted_at", "deleted_by"])
    check_not_overpaid(current_totals(booking=booking, currency=actor.chain.currency), "sale")
    if line.certificate_id is not None:
        void_certificate(
            actor=actor,
            certificate_id=line.certificate_id,
            source="sale_line",
            source_id=line.pk,
        )
    if line.product_id is not None and line.storage_id is not None:
        lock_visit_products(actor=actor, booking=booking, also=[line.product_id])
        move_stock(
            actor=actor,
            storage_id=line.storage_id,
            lines=[StockLine(product_id=line.product_id, quantity=Decimal(line.quantity))],
            kind=MovementKind.SALE_RETURN,
            source="sale_line",
            source_id=line.pk,
        )
    _changed(actor, booking, "deleted", line)
    settle_consumables(actor=actor, booking=booking)
    return line
