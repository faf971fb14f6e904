"""Writes of the checkout's settings: payment methods (and a new chain's defaults) and cash
desks. Paying for a visit is checkout.payments; its goods are checkout.sales and
checkout.consumables.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from salonbook.accounts.permissions import require
from salonbook.checkout.models import CashDesk, PaymentMethod
from salonbook.checkout.selectors import access_cash_desk, access_payment_method
from salonbook.errors import Invalid, NotFound
from salonbook.sync.services import record_change
from salonbook.sync.versioned import changing
from salonbook.tenancy.context import Actor
from salonbook.tenancy.models import Chain
from salonbook.tenancy.selectors import access_location
from salonbook.validation import full_clean_or_invalid

# Every chain starts with these; the names are data the owner may rename.
DEFAULT_METHODS = (
    (gettext_noop("Cash"), PaymentMethod.Kind.CASH),
    (gettext_noop("Card"), PaymentMethod.Kind.CARD),
    (gettext_noop("Bank transfer"), PaymentMethod.Kind.TRANSFER),
)
METHOD_FIELDS = ("name", "kind", "location_id", "is_active", "sort_order")
DESK_FIELDS = ("name", "is_active")


def add_default_payment_methods(*, chain: Chain) -> None:
    """Cash, Card and Bank transfer for a new chain, named in the language of its creator."""
    PaymentMethod.objects.bulk_create(
        PaymentMethod(chain=chain, name=_(name), kind=kind, sort_order=order)
        for order, (name, kind) in enumerate(DEFAULT_METHODS)
    )


# --- payment methods and cash desks ---------------------------------------------------------


def _check_location(actor: Actor, location_id: int | None) -> None:
    if location_id is None:
        return
    try:
        access_location(actor=actor, location_id=location_id)
    except NotFound:
        raise Invalid({"location_id": f"No location {location_id}."}) from None


@transaction.atomic
def create_payment_method(
    *,
    actor: Actor,
    name: str,
    kind: str = PaymentMethod.Kind.OTHER,
    location_id: int | None = None,
    sort_order: int = 0,
) -> PaymentMethod:
    require(actor, "settings.manage")
    _check_location(actor, location_id)
    method = PaymentMethod(
        chain=actor.chain,
        name=name.strip(),
        kind=kind,
        location_id=location_id,
        sort_order=sort_order,
    )
    full_clean_or_invalid(method, exclude=["chain", "location"])
    method.save()
    record_change(actor=actor, entity="payment_method", entity_id=method.pk, action="created")
    return method


@transaction.atomic
def update_payment_method(*, actor: Actor, method_id: int, **changes: Any) -> PaymentMethod:
    """Rename, re-kind, move or retire a method; payments made with it keep pointing at it."""
    require(actor, "settings.manage")
    method = access_payment_method(actor=actor, method_id=method_id, lock=True)
    with changing(method, actor=actor, entity="payment_method") as change:
        if "location_id" in changes:
            _check_location(actor, changes["location_id"])
        if isinstance(changes.get("name"), str):
            changes["name"] = changes["name"].strip()
        change.apply(changes, allowed=METHOD_FIELDS, exclude=["chain", "location"])
    return method


@transaction.atomic
def create_cash_desk(*, actor: Actor, location_id: int, name: str) -> CashDesk:
    require(actor, "settings.manage")
    _check_location(actor, location_id)
    desk = CashDesk(location_id=location_id, name=name.strip())
    full_clean_or_invalid(desk, exclude=["location"])
    desk.save()
    record_change(actor=actor, entity="cash_desk", entity_id=desk.pk, action="created")
    return desk


@transaction.atomic
def update_cash_desk(*, actor: Actor, cash_desk_id: int, **changes: Any) -> CashDesk:
    require(actor, "settings.manage")
    desk = access_cash_desk(actor=actor, cash_desk_id=cash_desk_id, lock=True)
    with changing(desk, actor=actor, entity="cash_desk") as change:
        if isinstance(changes.get("name"), str):
            changes["name"] = changes["name"].strip()
        change.apply(changes, allowed=DESK_FIELDS, exclude=["location"])
    return desk
