"""What the visit's part of the booking sheet reads: the visit as `selectors.present_visit`
prices it, plus what the page offers around it (the services that may be added, the payment
methods of the booking's location, the consumables, products, memberships and gift cards, the
storages and sellers of its goods) and what the actor may do with it.

Reads only; every figure comes from `present_visit` (the one pricing rule).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from salonbook.bookings.models import Booking
from salonbook.bookings.selectors import calendar_staff, visible_booking
from salonbook.catalog.models import Product, ServiceMaterial, StaffService
from salonbook.catalog.selectors import product_list, staff_services
from salonbook.checkout.models import Payment, PaymentMethod, SaleLine, VisitConsumable
from salonbook.checkout.pricing import DiscountKind, starting_discount
from salonbook.checkout.selectors import payment_methods
from salonbook.clients.selectors import client_prediscount
from salonbook.inventory.models import Storage
from salonbook.inventory.selectors import stock_levels, storage_list
from salonbook.loyalty.models import CertificateType
from salonbook.loyalty.selectors import certificate_type_list
from salonbook.staff.models import StaffMember
from salonbook.tenancy.context import Actor
from salonbook.visits.selectors import present_visit


@dataclass(frozen=True)
class ProductOffer:
    """A product offered in the visit's lists, with what each storage of the location holds
    (in the storages' order; empty for who may not see stock)."""

    product: Product
    stock: list[tuple[int, Decimal]]

    @property
    def unit(self) -> str:
        return str(Product.Unit(self.product.unit).label)


@dataclass(frozen=True)
class BillOffer:
    """A service line of the visit whose service has a bill of materials, and what applying
    it adds: (name, quantity, unit) of each consumable, times the line's quantity."""

    line_id: int
    name: str
    items: list[tuple[str, Decimal, str]]


@dataclass
class GoodsOffers:
    """What "+ Add a consumable" and "+ Add sale" offer in the visit."""

    consumables: list[ProductOffer] = field(default_factory=list)
    products: list[ProductOffer] = field(default_factory=list)  # for sale
    bills: list[BillOffer] = field(default_factory=list)
    # The active storages of the visit's location (the first is the default one); empty for
    # who may not see stock: the services then take the first one by themselves.
    storages: list[Storage] = field(default_factory=list)
    sellers: list[StaffMember] = field(default_factory=list)
    certificate_types: list[CertificateType] = field(default_factory=list)


@dataclass
class VisitPage:
    booking: Booking
    # visits.selectors.visit_detail; each payment also has `at`, its time in the location.
    visit: dict[str, Any]
    # What may be added: services the staff member performs, offered, not in the visit yet.
    offers: list[StaffService] = field(default_factory=list)
    # The active methods of the booking's location (its own and the chain's).
    methods: list[PaymentMethod] = field(default_factory=list)
    editable: bool = False  # the lines may be changed (bookings.edit, not deleted)
    payable: bool = False  # payments may be taken (payments.take, not deleted)
    refundable: bool = False  # payments may be deleted (payments.delete, not deleted)
    goods: GoodsOffers = field(default_factory=GoodsOffers)
    # Consumables may be added and products sold (editable, and products may be seen).
    sells_products: bool = False
    # Memberships and gift cards may be sold, and their sales deleted (loyalty.manage).
    sells_certificates: bool = False
    # What a sale in the visit starts with off: the client's prediscount, by the one rule.
    sale_discount: tuple[str, Decimal] = (DiscountKind.NONE, Decimal(0))

    @property
    def has_client(self) -> bool:
        return self.booking.client_id is not None

    def quick_method(self, kind: str) -> PaymentMethod | None:
        """The method the quick button of `kind` (cash, card) pays with: the first one."""
        return next((m for m in self.methods if m.kind == kind), None)


def visit_page(*, actor: Actor, booking_id: int) -> VisitPage:
    """The visit of a booking the actor may see (NotFound for another chain's)."""
    booking = visible_booking(actor=actor, booking_id=booking_id)
    visit = present_visit(actor=actor, booking=booking)
    zone = booking.location.zone
    for payment in visit["payments"]:
        payment["at"] = payment["created_at"].astimezone(zone)
    live = not booking.is_deleted
    page = VisitPage(
        booking=booking,
        visit=visit,
        editable=live and actor.can("bookings.edit"),
        payable=live and actor.can("payments.take"),
        refundable=live and actor.can("payments.delete"),
    )
    if page.editable and actor.can("services.view"):
        booked = {line["service_id"] for line in visit["services"]}
        page.offers = [
            link
            for link in staff_services(actor=actor, staff_id=booking.staff_id)
            if link.service.is_active and link.service_id not in booked
        ]
    if page.payable:
        page.methods = [
            m for m in payment_methods(actor=actor, location_id=booking.location_id) if m.is_active
        ]
    if page.editable:
        page.sells_products = actor.can("products.view")
        page.sells_certificates = actor.can("loyalty.manage") and actor.can("loyalty.view")
        page.goods = _goods_offers(actor, booking, visit, page)
        # The sale form's discount is shared by products and memberships/gift cards.
        prediscount = client_prediscount(actor=actor, client_id=booking.client_id)
        page.sale_discount = starting_discount(prediscount=prediscount)
    return page


def _goods_offers(
    actor: Actor, booking: Booking, visit: dict[str, Any], page: VisitPage
) -> GoodsOffers:
    """The lists of "+ Add a consumable" and "+ Add sale", in a fixed number of queries."""
    goods = GoodsOffers()
    if actor.can("stock.view"):
        goods.storages = list(storage_list(actor=actor, location_id=booking.location_id))
    if page.sells_products:
        products = list(product_list(actor=actor))
        stock = _stock(actor, goods.storages, products)
        for product in products:
            offer = ProductOffer(
                product=product,
                stock=[(s.pk, stock.get((s.pk, product.pk), Decimal(0))) for s in goods.storages],
            )
            if product.is_consumable:
                goods.consumables.append(offer)
            if product.for_sale:
                goods.products.append(offer)
        goods.bills = _bills(visit)
    if page.sells_products or page.sells_certificates:
        goods.sellers = calendar_staff(actor=actor, location_id=booking.location_id)
        if booking.staff_id not in {s.pk for s in goods.sellers}:
            goods.sellers.insert(0, booking.staff)  # dismissed or moved since: still the default
    if page.sells_certificates:
        goods.certificate_types = list(
            certificate_type_list(actor=actor, active=True).prefetch_related(None)
        )
    return goods


def _stock(
    actor: Actor, storages: list[Storage], products: list[Product]
) -> dict[tuple[int, int], Decimal]:
    if not storages or not products:
        return {}
    here = {s.pk for s in storages}
    return {
        (level.storage_id, level.product_id): level.quantity
        for level in stock_levels(actor=actor, product_ids=[p.pk for p in products])
        if level.storage_id in here
    }


def _bills(visit: dict[str, Any]) -> list[BillOffer]:
    """The visit's lines whose service has a bill of materials, with what it would add (what
    `consumables.apply_bill_of_materials` takes: the active products, times the quantity)."""
    lines = visit["services"]
    materials: dict[int, list[ServiceMaterial]] = defaultdict(list)
    for material in ServiceMaterial.objects.filter(
        service_id__in={line["service_id"] for line in lines}, product__is_active=True
    ).select_related("product"):
        materials[material.service_id].append(material)
    return [
        BillOffer(
            line_id=line["id"],
            name=line["name"],
            items=[
                (
                    m.product.name,
                    m.quantity * line["quantity"],
                    str(Product.Unit(m.product.unit).label),
                )
                for m in materials[line["service_id"]]
            ],
        )
        for line in lines
        if materials[line["service_id"]]
    ]


def payment_of_visit(*, actor: Actor, booking_id: int, payment_id: int) -> bool:
    """Whether the payment (live or deleted) was made for this booking of the actor's chain."""
    return Payment.objects.filter(
        chain_id=actor.chain_id, booking_id=booking_id, pk=payment_id
    ).exists()


def consumable_of_visit(*, actor: Actor, booking_id: int, consumable_id: int) -> bool:
    """Whether the consumable is one of this booking's, in the actor's chain."""
    return VisitConsumable.objects.filter(
        chain_id=actor.chain_id, booking_id=booking_id, pk=consumable_id
    ).exists()


def sale_of_visit(*, actor: Actor, booking_id: int, sale_line_id: int) -> bool:
    """Whether the sale (live or deleted) was made in this booking, in the actor's chain."""
    return SaleLine.objects.filter(
        chain_id=actor.chain_id, booking_id=booking_id, pk=sale_line_id
    ).exists()
