"""Writes of the bookings app itself: the booking categories of a chain.

Bookings are written by the visit's use cases (salonbook.visits.services), which hold the
booking's lines and money too; they take the calendar's steps from bookings.calendar.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.bookings.models import Booking, BookingCategory
from salonbook.bookings.selectors import access_booking_category
from salonbook.errors import Invalid
from salonbook.sync.services import record_change
from salonbook.tenancy.context import Actor
from salonbook.validation import full_clean_or_invalid

COLOR = re.compile(r"#[0-9a-fA-F]{6}")


@transaction.atomic
def create_booking_category(*, actor: Actor, name: str, color: str = "") -> BookingCategory:
    require(actor, "settings.manage")
    name = name.strip()
    if not name:
        raise Invalid({"name": _("Give the category a name.")})
    if BookingCategory.objects.filter(chain_id=actor.chain_id, name__iexact=name).exists():
        message = _("A category named “%(name)s” exists already.") % {"name": name}
        raise Invalid({"name": message})
    category = BookingCategory.objects.create(chain=actor.chain, name=name, color=color)
    record_change(actor=actor, entity="booking_category", entity_id=category.pk, action="created")
    return category


@transaction.atomic
def update_booking_category(
    *, actor: Actor, category_id: int, name: str | None = None, color: str | None = None
) -> BookingCategory:
    """Rename or recolour a category; the bookings carrying it show the change."""
    require(actor, "settings.manage")
    category = access_booking_category(actor=actor, category_id=category_id, lock=True)
    changed = []
    if name is not None:
        name = name.strip()
        if not name:
            raise Invalid({"name": _("Give the category a name.")})
        taken = BookingCategory.objects.filter(chain_id=actor.chain_id, name__iexact=name)
        if taken.exclude(pk=category.pk).exists():
            message = _("A category named “%(name)s” exists already.") % {"name": name}
            raise Invalid({"name": message})
        category.name = name
        changed.append("name")
    if color is not None:
        if color and not COLOR.fullmatch(color):
            raise Invalid({"color": _("Use a colour such as #42a5f5, or none.")})
        category.color = color
        changed.append("color")
    full_clean_or_invalid(category, exclude=["chain"])
    category.save()
    record_change(
        actor=actor,
        entity="booking_category",
        entity_id=category.pk,
        action="updated",
        data={"fields": changed},
    )
    return category


@transaction.atomic
def delete_booking_category(*, actor: Actor, category_id: int) -> int:
    """Delete a category. Its bookings stay, uncategorised (the key is SET NULL); their
    versions are left alone, because the booking itself did not change. Returns how many live
    bookings carried it."""
    require(actor, "settings.manage")
    category = access_booking_category(actor=actor, category_id=category_id, lock=True)
    carried = Booking.objects.live().filter(category=category).count()
    category.delete()
    record_change(
        actor=actor,
        entity="booking_category",
        entity_id=category_id,
        action="deleted",
        data={"bookings": carried},
    )
    return carried
