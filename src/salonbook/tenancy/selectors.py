"""Reading locations, always within the actor's chain."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from salonbook.errors import NotFound
from salonbook.tenancy.context import Actor
from salonbook.tenancy.models import Location


def location_list(*, actor: Actor, include_inactive: bool = False) -> QuerySet[Location]:
    qs = Location.objects.filter(chain_id=actor.chain_id)
    return qs if include_inactive else qs.filter(is_active=True)


def access_location(*, actor: Actor, location_id: int, lock: bool = False) -> Location:
    """The actor's location, or NotFound (another chain's location is indistinguishable)."""
    qs = Location.objects.filter(chain_id=actor.chain_id)
    if lock:
        qs = qs.select_for_update()
    try:
        return qs.get(pk=location_id)
    except Location.DoesNotExist:
        raise NotFound(_("Location %(id)s not found.") % {"id": location_id}) from None
