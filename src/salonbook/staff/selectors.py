"""Reading staff members within the actor's chain."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.errors import NotFound
from salonbook.staff.models import Position, StaffMember
from salonbook.tenancy.context import Actor


def staff_list(
    *, actor: Actor, location_id: int | None = None, include_inactive: bool = False
) -> QuerySet[StaffMember]:
    require(actor, "staff.view")
    qs = StaffMember.objects.filter(chain_id=actor.chain_id).select_related("position")
    if location_id is not None:
        qs = qs.filter(location_id=location_id)
    return qs if include_inactive else qs.filter(is_active=True)


def access_staff_member(*, actor: Actor, staff_id: int, lock: bool = False) -> StaffMember:
    qs = StaffMember.objects.filter(chain_id=actor.chain_id)
    if lock:
        qs = qs.select_for_update()
    try:
        return qs.get(pk=staff_id)
    except StaffMember.DoesNotExist:
        raise NotFound(_("Staff member %(id)s not found.") % {"id": staff_id}) from None


def position_list(*, actor: Actor) -> QuerySet[Position]:
    require(actor, "staff.view")
    return Position.objects.filter(chain_id=actor.chain_id)


def visible_staff_member(
    *, actor: Actor, staff_id: int, permission: str = "staff.view"
) -> StaffMember:
    """A staff member of the actor's chain, with location and position, for who holds
    `permission`: "staff.view" for the staff card, "schedules.view" for their working hours.
    Another chain's staff member is NotFound."""
    require(actor, permission)
    try:
        return StaffMember.objects.select_related("location", "position").get(
            chain_id=actor.chain_id, pk=staff_id
        )
    except StaffMember.DoesNotExist:
        raise NotFound(_("Staff member %(id)s not found.") % {"id": staff_id}) from None


def access_position(*, actor: Actor, position_id: int, lock: bool = False) -> Position:
    qs = Position.objects.filter(chain_id=actor.chain_id)
    if lock:
        qs = qs.select_for_update()
    try:
        return qs.get(pk=position_id)
    except Position.DoesNotExist:
        raise NotFound(_("Position %(id)s not found.") % {"id": position_id}) from None
