"""The rules every change of a visit's lines obeys, whoever makes it (services, sales,
consumables): a visit paid in full keeps its lines, and nothing may leave it overpaid."""

from __future__ import annotations

from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.bookings.models import Booking
from salonbook.bookings.selectors import access_booking
from salonbook.checkout.pricing import Totals
from salonbook.checkout.selectors import current_totals
from salonbook.errors import Invalid, VisitPaid
from salonbook.inventory.models import Storage
from salonbook.tenancy.context import Actor


def check_visit_open(actor: Actor, booking: Booking) -> Totals:
    """The visit's totals now; refused if it is paid in full and the role may not edit paid
    visits (delete its payments first). Call under the booking's lock."""
    now = current_totals(booking=booking, currency=actor.chain.currency)
    if now.paid_in_full and not actor.can("visits.edit_paid"):
        raise VisitPaid(_("This visit is paid in full: delete its payments to change it."))
    return now


def check_not_overpaid(after: Totals, field: str) -> None:
    """Refuse a change that would leave more paid than the visit costs."""
    if after.overpaid > 0:
        raise Invalid(
            {
                field: _(
                    "The visit would cost %(total)s, less than the %(paid)s already paid: "
                    "delete a payment first."
                )
                % {"total": after.total, "paid": after.paid}
            }
        )


def visit_to_change(actor: Actor, booking_id: int) -> Booking:
    """The visit, locked, for a change of its goods: the right to edit bookings, not deleted,
    and open (see check_visit_open)."""
    require(actor, "bookings.edit")
    booking = access_booking(actor=actor, booking_id=booking_id, lock=True)
    if booking.is_deleted:
        raise Invalid({"booking": _("This booking was deleted.")})
    check_visit_open(actor, booking)
    return booking


def visit_storage(booking: Booking, storage_id: int | None) -> Storage:
    """The storage named, at the visit's location; by default the location's first one."""
    storages = Storage.objects.filter(location_id=booking.location_id, is_active=True)
    storage = storages.filter(pk=storage_id).first() if storage_id is not None else storages.first()
    if storage is None:
        message = (
            _("No such storage at this location.")
            if storage_id is not None
            else _("This location has no storage: add one in the settings.")
        )
        raise Invalid({"storage_id": message})
    return storage
