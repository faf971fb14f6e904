"""Writes on service categories, services, and which staff member performs what."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.catalog.models import Service, ServiceCategory, StaffService
from salonbook.catalog.selectors import access_category, access_service
from salonbook.concurrency import check_version
from salonbook.errors import Invalid, NotFound
from salonbook.money import round_money
from salonbook.staff.selectors import access_staff_member
from salonbook.sync.services import record_change
from salonbook.tenancy.context import Actor
from salonbook.validation import apply_changes, full_clean_or_invalid

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
    check_version(service, expected_version)
    if "category_id" in changes:
        _check_category(actor, changes["category_id"])  # type: ignore[arg-type]
    if changes.get("price") is not None:
        changes["price"] = round_money(changes["price"], actor.chain.currency)  # type: ignore[arg-type]
    apply_changes(service, changes, allowed=SERVICE_FIELDS, exclude=["chain", "category"])
    service.version += 1
    service.save()
    record_change(
        actor=actor,
        entity="service",
        entity_id=service.pk,
        action="updated",
        version=service.version,
        data={"fields": sorted(changes)},
    )
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
