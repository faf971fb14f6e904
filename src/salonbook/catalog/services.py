"""Writes on the catalogue: service categories, services, which staff member performs what,
products, and each service's bill of materials."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.catalog.models import (
    Product,
    Service,
    ServiceCategory,
    ServiceMaterial,
    StaffService,
    exact_quantity,
)
from salonbook.catalog.selectors import access_category, access_product, access_service
from salonbook.errors import Invalid, NotFound
from salonbook.money import round_money
from salonbook.staff.selectors import access_staff_member
from salonbook.sync.services import record_change
from salonbook.sync.versioned import changing
from salonbook.tenancy.context import Actor
from salonbook.validation import full_clean_or_invalid

SERVICE_FIELDS = (
    "name",
    "category_id",
    "description",
    "duration_minutes",
    "price",
    "is_active",
    "sort_order",
)


@transaction.atomic
def create_category(*, actor: Actor, name: str, sort_order: int = 0) -> ServiceCategory:
    require(actor, "services.manage")
    category = ServiceCategory(chain=actor.chain, name=name, sort_order=sort_order)
    full_clean_or_invalid(category, exclude=["chain"])
    category.save()
    record_change(actor=actor, entity="service_category", entity_id=category.pk, action="created")
    return category


@transaction.atomic
def update_category(
    *, actor: Actor, category_id: int, name: str | None = None, sort_order: int | None = None
) -> ServiceCategory:
    require(actor, "services.manage")
    category = access_category(actor=actor, category_id=category_id)
    if name is not None:
        category.name = name
    if sort_order is not None:
        category.sort_order = sort_order
    full_clean_or_invalid(category, exclude=["chain"])
    category.save()
    record_change(actor=actor, entity="service_category", entity_id=category.pk, action="updated")
    return category


def _check_category(actor: Actor, category_id: int | None) -> None:
    if category_id is None:
        return
    try:
        access_category(actor=actor, category_id=category_id)
    except NotFound:
        raise Invalid(
            {"category_id": _("No service category %(id)s.") % {"id": category_id}}
        ) from None


@transaction.atomic
def create_service(
    *,
    actor: Actor,
    name: str,
    duration_minutes: int,
    price: Decimal,
    category_id: int | None = None,
    description: str = "",
    sort_order: int = 0,
) -> Service:
    require(actor, "services.manage")
    _check_category(actor, category_id)
    service = Service(
        chain=actor.chain,
        name=name,
        duration_minutes=duration_minutes,
        price=round_money(price, actor.chain.currency),
        category_id=category_id,
        description=description,
        sort_order=sort_order,
    )
    full_clean_or_invalid(service, exclude=["chain", "category"])
    service.save()
    record_change(actor=actor, entity="service", entity_id=service.pk, action="created")
    return service


@transaction.atomic
def update_service(
    *, actor: Actor, service_id: int, expected_version: int | None = None, **changes: object
) -> Service:
    require(actor, "services.manage")
    service = access_service(actor=actor, service_id=service_id, lock=True)
    with changing(
        service, actor=actor, entity="service", expected_version=expected_version
    ) as change:
        if "category_id" in changes:
            _check_category(actor, changes["category_id"])  # type: ignore[arg-type]
        if changes.get("price") is not None:
            changes["price"] = round_money(changes["price"], actor.chain.currency)  # type: ignore[arg-type]
        change.apply(changes, allowed=SERVICE_FIELDS, exclude=["chain", "category"])
    return service


@dataclass(frozen=True)
class StaffServiceTerms:
    service_id: int
    price: Decimal | None = None
    duration_minutes: int | None = None


@transaction.atomic
def set_staff_services(
    *, actor: Actor, staff_id: int, services: list[StaffServiceTerms]
) -> list[StaffService]:
    """Replace what a staff member performs with `services` (own price/duration optional)."""
    require(actor, "staff.manage")
    member = access_staff_member(actor=actor, staff_id=staff_id, lock=True)
    ids = [t.service_id for t in services]
    if len(ids) != len(set(ids)):
        raise Invalid({"services": _("A service is listed twice.")})
    known = set(
        Service.objects.filter(chain_id=actor.chain_id, pk__in=ids).values_list("pk", flat=True)
    )
    missing = [i for i in ids if i not in known]
    if missing:
        raise Invalid({"services": _("Unknown services: %(ids)s.") % {"ids": missing}})
    links = [
        StaffService(
            staff=member,
            service_id=t.service_id,
            price=None if t.price is None else round_money(t.price, actor.chain.currency),
            duration_minutes=t.duration_minutes,
        )
        for t in services
    ]
    for i, link in enumerate(links):
        try:
            full_clean_or_invalid(link, exclude=["staff", "service"])
        except Invalid as exc:
            raise Invalid({f"services.{i}.{k}": v for k, v in exc.errors.items()}) from exc
    StaffService.objects.filter(staff=member).delete()
    # The services are their own resource (/staff/{id}/services): changing them leaves the
    # staff card's version alone, so an open edit of the card is not refused for it.
    created = StaffService.objects.bulk_create(links)
    record_change(
        actor=actor,
        entity="staff",
        entity_id=member.pk,
        action="services_set",
        version=member.version,
        data={"service_ids": ids},
    )
    return created


# --- products ------------------------------------------------------------------------------

PRODUCT_FIELDS = (
    "name",
    "sku",
    "barcode",
    "unit",
    "price",
    "cost",
    "for_sale",
    "is_consumable",
    "is_active",
    "sort_order",
)


def _check_product(actor: Actor, product: Product) -> None:
    """The rules a product's values must keep together (each field alone is checked by
    `full_clean`): it is for sale, a consumable, or both; its SKU is its own in the chain;
    it stays a consumable while a service's bill of materials uses it."""
    errors: dict[str, str] = {}
    if not product.for_sale and not product.is_consumable:
        errors["for_sale"] = _("A product is for sale, a consumable, or both.")
    if product.sku:
        taken = (
            Product.objects.filter(chain_id=actor.chain_id, sku=product.sku)
            .exclude(pk=product.pk)
            .first()
        )
        if taken is not None:
            errors["sku"] = _("SKU %(sku)s is already used by “%(name)s”.") % {
                "sku": product.sku,
                "name": taken.name,
            }
    if product.pk and not product.is_consumable:
        users = list(
            Service.objects.filter(bill_of_materials__product=product)
            .order_by("name")
            .values_list("name", flat=True)[:5]
        )
        if users:
            errors["is_consumable"] = _(
                "The bills of materials of these services use it: %(names)s. Remove it there first."
            ) % {"names": ", ".join(users)}
    if errors:
        raise Invalid(errors)


def _save_product(product: Product) -> None:
    # The SKU check above reads before writing; two writers racing for one SKU on PostgreSQL
    # meet at the unique index instead, and the loser gets the same answer.
    try:
        with transaction.atomic():
            product.save()
    except IntegrityError:
        raise Invalid({"sku": _("This SKU is already used by another product.")}) from None


@transaction.atomic
def create_product(
    *,
    actor: Actor,
    name: str,
    unit: str = Product.Unit.PIECE,
    price: Decimal = Decimal(0),
    cost: Decimal = Decimal(0),
    for_sale: bool = True,
    is_consumable: bool = False,
    sku: str = "",
    barcode: str = "",
    sort_order: int = 0,
) -> Product:
    require(actor, "products.manage")
    currency = actor.chain.currency
    product = Product(
        chain=actor.chain,
        name=name,
        unit=unit,
        price=round_money(price, currency),
        cost=round_money(cost, currency),
        for_sale=for_sale,
        is_consumable=is_consumable,
        sku=sku.strip(),
        barcode=barcode.strip(),
        sort_order=sort_order,
    )
    full_clean_or_invalid(product, exclude=["chain"])
    _check_product(actor, product)
    _save_product(product)
    record_change(actor=actor, entity="product", entity_id=product.pk, action="created")
    return product


@transaction.atomic
def update_product(
    *, actor: Actor, product_id: int, expected_version: int | None = None, **changes: object
) -> Product:
    """Change some of a product's `PRODUCT_FIELDS`; `is_active=False` withdraws it (its
    history and stock stay)."""
    require(actor, "products.manage")
    product = access_product(actor=actor, product_id=product_id, lock=True)
    with changing(
        product,
        actor=actor,
        entity="product",
        expected_version=expected_version,
        save=lambda: _save_product(product),
    ) as change:
        for name in ("price", "cost"):
            if changes.get(name) is not None:
                changes[name] = round_money(changes[name], actor.chain.currency)  # type: ignore[arg-type]
        for name in ("sku", "barcode"):
            code = changes.get(name)
            if isinstance(code, str):
                changes[name] = code.strip()
        change.apply(changes, allowed=PRODUCT_FIELDS, exclude=["chain"])
        _check_product(actor, product)
    return product


# --- bills of materials ----------------------------------------------------------------------


@dataclass(frozen=True)
class MaterialLine:
    """One row of a bill of materials: `quantity` of a consumable, in the product's unit."""

    product_id: int
    quantity: Decimal


@transaction.atomic
def set_bill_of_materials(
    *, actor: Actor, service_id: int, items: list[MaterialLine]
) -> list[ServiceMaterial]:
    """Replace a service's bill of materials (its technological card) with `items`, in order.

    Each product must be a consumable of the chain, listed once, with a quantity above zero.
    A product withdrawn since it was put on the card may stay on it, but cannot be added.
    """
    require(actor, "services.manage")
    service = access_service(actor=actor, service_id=service_id, lock=True)
    ids = [item.product_id for item in items]
    products = {p.pk: p for p in Product.objects.filter(chain_id=actor.chain_id, pk__in=ids)}
    on_card = set(
        ServiceMaterial.objects.filter(service=service).values_list("product_id", flat=True)
    )
    errors: dict[str, list[str] | str] = {}
    seen: set[int] = set()
    rows = []
    for i, item in enumerate(items):
        product = products.get(item.product_id)
        key = f"items.{i}.product_id"
        if product is None:
            errors[key] = _("No product %(id)s.") % {"id": item.product_id}
        elif not product.is_consumable:
            errors[key] = _("“%(name)s” is not a consumable.") % {"name": product.name}
        elif not product.is_active and product.pk not in on_card:
            errors[key] = _("“%(name)s” is withdrawn.") % {"name": product.name}
        elif product.pk in seen:
            errors[key] = _("“%(name)s” is listed twice.") % {"name": product.name}
        seen.add(item.product_id)
        row = ServiceMaterial(
            service=service,
            product_id=item.product_id,
            quantity=exact_quantity(item.quantity),
            position=i,
        )
        try:
            full_clean_or_invalid(row, exclude=["service", "product", "position"])
        except Invalid as exc:
            errors.update({f"items.{i}.{k}": v for k, v in exc.errors.items()})
        rows.append(row)
    if errors:
        raise Invalid(errors)
    ServiceMaterial.objects.filter(service=service).delete()
    created = ServiceMaterial.objects.bulk_create(rows)
    # The card is its own resource (/services/{id}/bill-of-materials): the service's version
    # stays, so an open edit of the service is not refused for it.
    record_change(
        actor=actor,
        entity="service",
        entity_id=service.pk,
        action="materials_set",
        version=service.version,
        data={"items": [{"product_id": r.product_id, "quantity": str(r.quantity)} for r in rows]},
    )
    return created
