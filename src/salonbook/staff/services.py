"""Writes on staff members and positions."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.errors import Invalid, NotFound
from salonbook.staff.models import Position, StaffMember
from salonbook.staff.selectors import access_position, access_staff_member
from salonbook.sync.services import record_change
from salonbook.sync.versioned import changing
from salonbook.tenancy.context import Actor
from salonbook.tenancy.selectors import access_location
from salonbook.validation import full_clean_or_invalid

STAFF_FIELDS = (
    "name",
    "location_id",
    "position_id",
    "phone",
    "email",
    "color",
    "sort_order",
    "is_active",
)


def _check_refs(actor: Actor, *, location_id: int | None, position_id: int | None) -> None:
    if location_id is not None:
        try:
            access_location(actor=actor, location_id=location_id)
        except NotFound:
            raise Invalid({"location_id": _("No location %(id)s.") % {"id": location_id}}) from None
    if (
        position_id is not None
        and not Position.objects.filter(chain_id=actor.chain_id, pk=position_id).exists()
    ):
        raise Invalid({"position_id": _("No position %(id)s.") % {"id": position_id}})


@transaction.atomic
def create_position(*, actor: Actor, name: str) -> Position:
    require(actor, "staff.manage")
    if Position.objects.filter(chain_id=actor.chain_id, name__iexact=name.strip()).exists():
        raise Invalid({"name": _("A position named “%(name)s” exists already.") % {"name": name}})
    position = Position(chain=actor.chain, name=name.strip())
    full_clean_or_invalid(position, exclude=["chain"])
    position.save()
    record_change(actor=actor, entity="position", entity_id=position.pk, action="created")
    return position


@transaction.atomic
def rename_position(*, actor: Actor, position_id: int, name: str) -> Position:
    """Give a position another name; staff members holding it keep it."""
    require(actor, "staff.manage")
    position = access_position(actor=actor, position_id=position_id, lock=True)
    name = name.strip()
    if (
        Position.objects.filter(chain_id=actor.chain_id, name__iexact=name)
        .exclude(pk=position.pk)
        .exists()
    ):
        raise Invalid({"name": _("A position named “%(name)s” exists already.") % {"name": name}})
    position.name = name
    full_clean_or_invalid(position, exclude=["chain"])
    position.save()
    record_change(actor=actor, entity="position", entity_id=position.pk, action="updated")
    return position


@transaction.atomic
def create_staff_member(
    *,
    actor: Actor,
    name: str,
    location_id: int,
    position_id: int | None = None,
    phone: str = "",
    email: str = "",
    color: str = "",
    sort_order: int = 0,
) -> StaffMember:
    require(actor, "staff.manage")
    _check_refs(actor, location_id=location_id, position_id=position_id)
    member = StaffMember(
        chain=actor.chain,
        name=name,
        location_id=location_id,
        position_id=position_id,
        phone=phone,
        email=email,
        color=color,
        sort_order=sort_order,
    )
    full_clean_or_invalid(member, exclude=["chain", "location", "position"])
    member.save()
    record_change(actor=actor, entity="staff", entity_id=member.pk, action="created")
    return member


@transaction.atomic
def update_staff_member(
    *, actor: Actor, staff_id: int, expected_version: int | None = None, **changes: object
) -> StaffMember:
    require(actor, "staff.manage")
    member = access_staff_member(actor=actor, staff_id=staff_id, lock=True)
    with changing(member, actor=actor, entity="staff", expected_version=expected_version) as change:
        _check_refs(
            actor,
            location_id=changes.get("location_id"),  # type: ignore[arg-type]
            position_id=changes.get("position_id"),  # type: ignore[arg-type]
        )
        change.apply(changes, allowed=STAFF_FIELDS, exclude=["chain", "location", "position"])
    return member
