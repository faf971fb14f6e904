"""Reads of the payment settings pages: payment methods and cash desks, for who may see them.

Who takes payments may see the methods and desks they pay with; changing them needs
"settings.manage", which the services check.
"""

from __future__ import annotations

from django.db.models import QuerySet

from salonbook.accounts.permissions import require
from salonbook.checkout import selectors
from salonbook.checkout.models import CashDesk, PaymentMethod
from salonbook.tenancy.context import Actor

VIEW = "payments.take"


def payment_method_list(*, actor: Actor) -> QuerySet[PaymentMethod]:
    """Every method of the chain, retired ones too, in the salon's order, each with the
    location it is offered at (None: every location) in the same query."""
    require(actor, VIEW)
    return selectors.payment_methods(actor=actor).select_related("location")


def visible_payment_method(*, actor: Actor, method_id: int) -> PaymentMethod:
    """One method (NotFound across chains)."""
    require(actor, VIEW)
    return selectors.access_payment_method(actor=actor, method_id=method_id)


def cash_desk_list(*, actor: Actor, location_id: int | None) -> QuerySet[CashDesk]:
    """The cash desks of one location, those out of use too, oldest first (none without a
    location: a chain with no location yet has no desks to show)."""
    require(actor, VIEW)
    if location_id is None:
        return CashDesk.objects.none()
    return selectors.cash_desks(actor=actor, location_id=location_id).order_by("id")


def visible_cash_desk(*, actor: Actor, cash_desk_id: int) -> CashDesk:
    """One cash desk (NotFound across chains)."""
    require(actor, VIEW)
    return selectors.access_cash_desk(actor=actor, cash_desk_id=cash_desk_id)
