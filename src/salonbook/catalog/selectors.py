"""Reading the catalogue: services, products, bills of materials."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.catalog.models import (
    Product,
    Service,
    ServiceCategory,
    ServiceMaterial,
    StaffService,
)
from salonbook.errors import NotFound
from salonbook.tenancy.context import Actor


def category_list(*, actor: Actor) -> QuerySet[ServiceCategory]:
    require(actor, "services.view")
    return ServiceCategory.objects.filter(chain_id=actor.chain_id)


def service_list(
    *, actor: Actor, staff_id: int | None = None, query: str = "", include_inactive: bool = False
) -> QuerySet[Service]:
    """Services of the chain; with `staff_id`, only those that staff member performs."""
    require(actor, "services.view")
    qs = Service.objects.filter(chain_id=actor.chain_id).select_related("category")
    if staff_id is not None:
        qs = qs.filter(staff_links__staff_id=staff_id)
    if query:
        qs = qs.filter(name__icontains=query)
    return qs if include_inactive else qs.filter(is_active=True)


def access_service(*, actor: Actor, service_id: int, lock: bool = False) -> Service:
    qs = Service.objects.filter(chain_id=actor.chain_id)
    if lock:
        qs = qs.select_for_update()
    try:
        return qs.get(pk=service_id)
    except Service.DoesNotExist:
        raise NotFound(_("Service %(id)s not found.") % {"id": service_id}) from None


def access_category(*, actor: Actor, category_id: int) -> ServiceCategory:
    try:
        return ServiceCategory.objects.get(chain_id=actor.chain_id, pk=category_id)
    except ServiceCategory.DoesNotExist:
        raise NotFound(_("Service category %(id)s not found.") % {"id": category_id}) from None


def staff_services(*, actor: Actor, staff_id: int) -> QuerySet[StaffService]:
    """What one staff member performs, with their own price and duration."""
    require(actor, "services.view")
    return (
        StaffService.objects.filter(staff_id=staff_id, staff__chain_id=actor.chain_id)
        .select_related("service")
        .order_by("service__sort_order", "service__name")
    )


@dataclass
class ServiceGroup:
    """One category's services; `category` is None for the services without one."""

    category: ServiceCategory | None
    services: list[Service] = field(default_factory=list)


def services_by_category(*, actor: Actor, include_inactive: bool = False) -> list[ServiceGroup]:
    """The catalogue as the salon arranges it: categories in their order, each with its
    services, then the services without a category. Empty categories are kept, so they can be
    filled. Two queries, whatever the size of the catalogue."""
    require(actor, "services.view")
    groups = {c.pk: ServiceGroup(c) for c in category_list(actor=actor)}
    loose = ServiceGroup(None)
    for service in service_list(actor=actor, include_inactive=include_inactive):
        group = groups.get(service.category_id) if service.category_id else None
        (group or loose).services.append(service)
    return [*groups.values(), *([loose] if loose.services else [])]


def visible_service(*, actor: Actor, service_id: int) -> Service:
    """A service of the actor's chain, for who may see services (NotFound across chains)."""
    require(actor, "services.view")
    return access_service(actor=actor, service_id=service_id)


def visible_category(*, actor: Actor, category_id: int) -> ServiceCategory:
    require(actor, "services.view")
    return access_category(actor=actor, category_id=category_id)


# --- products ------------------------------------------------------------------------------


def product_list(
    *,
    actor: Actor,
    query: str = "",
    for_sale: bool | None = None,
    consumable: bool | None = None,
    is_active: bool | None = True,
) -> QuerySet[Product]:
    """Products of the chain in the salon's order. `query` finds a fragment of the name, SKU
    or barcode; the other filters apply when not None (`is_active=None`: active or not)."""
    require(actor, "products.view")
    qs = Product.objects.filter(chain_id=actor.chain_id)
    if query:
        qs = qs.filter(
            Q(name__icontains=query) | Q(sku__icontains=query) | Q(barcode__icontains=query)
        )
    if for_sale is not None:
        qs = qs.filter(for_sale=for_sale)
    if consumable is not None:
        qs = qs.filter(is_consumable=consumable)
    if is_active is not None:
        qs = qs.filter(is_active=is_active)
    return qs


def access_product(*, actor: Actor, product_id: int, lock: bool = False) -> Product:
    """A product of the actor's chain (NotFound across chains); `lock` holds its row."""
    qs = Product.objects.filter(chain_id=actor.chain_id)
    if lock:
        qs = qs.select_for_update()
    try:
        return qs.get(pk=product_id)
    except Product.DoesNotExist:
        raise NotFound(_("Product %(id)s not found.") % {"id": product_id}) from None


def visible_product(*, actor: Actor, product_id: int) -> Product:
    """A product of the actor's chain, for who may see products."""
    require(actor, "products.view")
    return access_product(actor=actor, product_id=product_id)


def bill_of_materials(*, actor: Actor, service_id: int) -> list[ServiceMaterial]:
    """A service's bill of materials (its technological card), rows in order with their
    products. NotFound for a service of another chain."""
    require(actor, "services.view")
    service = access_service(actor=actor, service_id=service_id)
    return list(
        ServiceMaterial.objects.filter(service=service)
        .select_related("product")
        .order_by("position", "id")
    )
