"""Opening a chain (its roles, its owner, its payment methods) and writing its locations."""

from __future__ import annotations

from django.db import transaction

from salonbook.accounts.models import Membership, Role, User
from salonbook.accounts.permissions import DEFAULT_ROLES, require
from salonbook.checkout.services import add_default_payment_methods
from salonbook.sync.services import record_change
from salonbook.sync.versioned import changing
from salonbook.tenancy.context import Actor
from salonbook.tenancy.models import Chain, Location
from salonbook.tenancy.selectors import access_location
from salonbook.validation import full_clean_or_invalid

LOCATION_FIELDS = (
    "name",
    "time_zone",
    "address",
    "phone",
    "slot_step_minutes",
    "min_lead_minutes",
    "is_active",
)


@transaction.atomic
def create_chain(*, name: str, owner: User, country: str = "US", currency: str = "USD") -> Chain:
    """A new chain with its default roles, `owner` as its Owner, and the default payment
    methods."""
    chain = Chain(name=name, country=country.upper(), currency=currency.upper())
    full_clean_or_invalid(chain)
    chain.save()
    roles = Role.objects.bulk_create(
        Role(chain=chain, key=key, name=label, permissions=sorted(perms))
        for key, (label, perms) in DEFAULT_ROLES.items()
    )
    owner_role = next(r for r in roles if r.key == "owner")
    Membership.objects.create(user=owner, chain=chain, role=owner_role)
    add_default_payment_methods(chain=chain)
    return chain


@transaction.atomic
def create_location(
    *,
    actor: Actor,
    name: str,
    time_zone: str,
    address: str = "",
    phone: str = "",
    slot_step_minutes: int = 15,
    min_lead_minutes: int = 0,
) -> Location:
    require(actor, "locations.manage")
    location = Location(
        chain=actor.chain,
        name=name,
        time_zone=time_zone,
        address=address,
        phone=phone,
        slot_step_minutes=slot_step_minutes,
        min_lead_minutes=min_lead_minutes,
    )
    full_clean_or_invalid(location, exclude=["chain"])
    location.save()
    record_change(actor=actor, entity="location", entity_id=location.pk, action="created")
    return location


@transaction.atomic
def update_location(
    *, actor: Actor, location_id: int, expected_version: int | None = None, **changes: object
) -> Location:
    require(actor, "locations.manage")
    location = access_location(actor=actor, location_id=location_id, lock=True)
    with changing(
        location, actor=actor, entity="location", expected_version=expected_version
    ) as change:
        change.apply(changes, allowed=LOCATION_FIELDS, exclude=["chain"])
    return location
