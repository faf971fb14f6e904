"""What the visit's part of the booking sheet reads: the visit as `selectors.visit_detail`
prices it, plus what the page offers around it (the services that may be added, the payment
methods of the booking's location) and what the actor may do with it.

Reads only; every figure comes from `checkout.selectors` (the one pricing rule).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from salonbook.bookings.models import Booking
from salonbook.bookings.selectors import visible_booking
from salonbook.catalog.models import StaffService
from salonbook.catalog.selectors import staff_services
from salonbook.checkout.models import Payment, PaymentMethod
from salonbook.checkout.selectors import payment_methods, visit_detail
from salonbook.tenancy.context import Actor


@dataclass
class VisitPage:
    booking: Booking
    # checkout.selectors.visit_detail; each payment also has `at`, its time in the location.
    visit: dict[str, Any]
    # What may be added: services the staff member performs, offered, not in the visit yet.
    offers: list[StaffService] = field(default_factory=list)
    # The active methods of the booking's location (its own and the chain's).
    methods: list[PaymentMethod] = field(default_factory=list)
    editable: bool = False  # the lines may be changed (bookings.edit, not deleted)
    payable: bool = False  # payments may be taken (payments.take, not deleted)
    refundable: bool = False  # payments may be deleted (payments.delete, not deleted)

    @property
    def has_client(self) -> bool:
        return self.booking.client_id is not None

    def quick_method(self, kind: str) -> PaymentMethod | None:
        """The method the quick button of `kind` (cash, card) pays with: the first one."""
        return next((m for m in self.methods if m.kind == kind), None)


def visit_page(*, actor: Actor, booking_id: int) -> VisitPage:
    """The visit of a booking the actor may see (NotFound for another chain's)."""
    booking = visible_booking(actor=actor, booking_id=booking_id)
    visit = visit_detail(actor=actor, booking_id=booking_id)
    zone = booking.location.zone
    for payment in visit["payments"]:
        payment["at"] = payment["created_at"].astimezone(zone)
    live = not booking.is_deleted
    page = VisitPage(
        booking=booking,
        visit=visit,
        editable=live and actor.can("bookings.edit"),
        payable=live and actor.can("payments.take"),
        refundable=live and actor.can("payments.delete"),
    )
    if page.editable and actor.can("services.view"):
        booked = {line["service_id"] for line in visit["services"]}
        page.offers = [
            link
            for link in staff_services(actor=actor, staff_id=booking.staff_id)
            if link.service.is_active and link.service_id not in booked
        ]
    if page.payable:
        page.methods = [
            m for m in payment_methods(actor=actor, location_id=booking.location_id) if m.is_active
        ]
    return page


def payment_of_visit(*, actor: Actor, booking_id: int, payment_id: int) -> bool:
    """Whether the payment (live or deleted) was made for this booking of the actor's chain."""
    return Payment.objects.filter(
        chain_id=actor.chain_id, booking_id=booking_id, pk=payment_id
    ).exists()
