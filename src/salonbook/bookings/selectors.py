"""Reading bookings as the calendar holds them: one booking, the staff a location's calendar
shows, booking categories. The schedule and a booking with its money are salonbook.visits.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.bookings.models import Booking, BookingCategory, BookingService
from salonbook.errors import NotFound
from salonbook.staff.models import StaffMember
from salonbook.tenancy.context import Actor


def _with_details(qs: QuerySet[Booking]) -> QuerySet[Booking]:
    return qs.select_related("client", "category", "location").prefetch_related(
        Prefetch("services", queryset=BookingService.objects.select_related("service"))
    )


def access_booking(
    *, actor: Actor, booking_id: int, lock: bool = False, include_deleted: bool = True
) -> Booking:
    """The actor's booking (deleted ones too, unless asked otherwise), or NotFound."""
    qs: QuerySet[Booking] = Booking.objects.filter(chain_id=actor.chain_id)
    if not include_deleted:
        qs = qs.filter(deleted_at__isnull=True)
    if lock:
        # select_for_update cannot lock the nullable side of outer joins on PostgreSQL.
        qs = qs.select_for_update(of=("self",)).select_related("location")
    else:
        qs = _with_details(qs)
    try:
        return qs.get(pk=booking_id)
    except Booking.DoesNotExist:
        raise NotFound(_("Booking %(id)s not found.") % {"id": booking_id}) from None


def booking_categories(*, actor: Actor) -> QuerySet[BookingCategory]:
    return BookingCategory.objects.filter(chain_id=actor.chain_id)


def visible_booking(*, actor: Actor, booking_id: int) -> Booking:
    """A booking with its client, category, location and services, for someone who may see it."""
    require(actor, "bookings.view")
    return access_booking(actor=actor, booking_id=booking_id)


def calendar_staff(
    *, actor: Actor, location_id: int, staff_id: int | None = None
) -> list[StaffMember]:
    """The staff members whose columns a location's calendar shows, in display order (only
    `staff_id`'s, when it is given)."""
    require(actor, "bookings.view")
    qs = StaffMember.objects.filter(
        chain_id=actor.chain_id, location_id=location_id, is_active=True
    ).select_related("position")
    if staff_id is not None:
        qs = qs.filter(pk=staff_id)
    return list(qs)


def booking_category_list(*, actor: Actor) -> QuerySet[BookingCategory]:
    """The chain's booking categories for their settings page, each with `live_bookings`: how
    many bookings not deleted carry it (they lose it when the category is deleted)."""
    require(actor, "settings.manage")
    return BookingCategory.objects.filter(chain_id=actor.chain_id).annotate(
        live_bookings=Count("bookings", filter=Q(bookings__deleted_at__isnull=True))
    )


def access_booking_category(
    *, actor: Actor, category_id: int, lock: bool = False
) -> BookingCategory:
    qs = BookingCategory.objects.filter(chain_id=actor.chain_id)
    if lock:
        qs = qs.select_for_update()
    try:
        return qs.get(pk=category_id)
    except BookingCategory.DoesNotExist:
        raise NotFound(_("Booking category %(id)s not found.") % {"id": category_id}) from None


def visible_booking_category(*, actor: Actor, category_id: int) -> BookingCategory:
    """One category for its settings page, with `live_bookings` (NotFound across chains)."""
    try:
        return booking_category_list(actor=actor).get(pk=category_id)
    except BookingCategory.DoesNotExist:
        raise NotFound(_("Booking category %(id)s not found.") % {"id": category_id}) from None
