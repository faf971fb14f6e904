"""A visit's service lines: what a booking's services become, checked and priced.

The rules of a line live here and nowhere else: a service new to the booking must be one the
staff member performs and the salon still offers, and starts at that staff member's price and
duration with the client's prediscount (checkout.pricing.starting_discount); a service already
in the booking keeps the terms it was booked at, even if it has since been withdrawn, so
editing a booking never reprices or drops what the client was promised. A change of lines is
refused on a visit paid in full and whenever it would leave the visit costing less than was
paid (checkout.rules).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from salonbook.bookings.models import Booking, BookingService
from salonbook.catalog.models import StaffService
from salonbook.checkout.pricing import check_discount, starting_discount
from salonbook.checkout.rules import check_not_overpaid, check_visit_open
from salonbook.checkout.selectors import current_totals
from salonbook.errors import Invalid
from salonbook.money import round_money
from salonbook.staff.models import StaffMember
from salonbook.tenancy.context import Actor


@dataclass(frozen=True)
class ServiceRequest:
    """A service asked for in a booking. What is left as None is, for a service already in the
    booking, kept as it is there; for a new one, the staff member's price and duration and a
    quantity of one."""

    service_id: int
    price: Decimal | None = None
    duration_minutes: int | None = None
    quantity: int | None = None
    discount_kind: str | None = None  # "percent", "amount" or "" (none)
    discount_value: Decimal | None = None


def build_service_lines(
    actor: Actor,
    staff: StaffMember,
    requests: list[ServiceRequest],
    current: dict[int, BookingService] | None = None,
    *,
    staff_changed: bool = False,
    prediscount: Decimal = Decimal(0),
) -> list[BookingService]:
    """The booking's lines for `requests` (unsaved), checked and priced.

    `current` holds the lines already in the booking, by service id: they keep their terms
    unless the request changes them. Given to another staff member (`staff_changed`), every
    service must be one they perform. A new line takes the client's `prediscount` (a percent)
    unless the request names a discount.
    """
    if not requests:
        raise Invalid({"services": _("Choose at least one service.")})
    current = current or {}
    seen = [r.service_id for r in requests]
    links = _links(actor, staff, requests, current, staff_changed)
    if len(seen) != len(set(seen)):
        raise Invalid({"services": _("A service is listed twice: give it a quantity instead.")})
    lines = []
    for i, request in enumerate(requests):
        kept = current.get(request.service_id)
        link = links.get(request.service_id)
        _check_request(i, request, staff, kept=kept, link=link, staff_changed=staff_changed)
        lines.append(_line(actor, i, request, kept=kept, link=link, prediscount=prediscount))
    return lines


def _links(
    actor: Actor,
    staff: StaffMember,
    requests: list[ServiceRequest],
    current: dict[int, BookingService],
    staff_changed: bool,
) -> dict[int, StaffService]:
    """The staff member's terms for the services that need them: new ones, or all of them
    when the booking changes hands."""
    wanted = [r.service_id for r in requests if staff_changed or r.service_id not in current]
    return {
        link.service_id: link
        for link in StaffService.objects.filter(
            staff=staff, service_id__in=wanted, service__chain_id=actor.chain_id
        ).select_related("service")
    }


def _check_request(
    i: int,
    request: ServiceRequest,
    staff: StaffMember,
    *,
    kept: BookingService | None,
    link: StaffService | None,
    staff_changed: bool,
) -> None:
    if link is None and (kept is None or staff_changed):
        message = _("%(staff)s does not perform service %(service)s.") % {
            "staff": staff.name,
            "service": request.service_id,
        }
        raise Invalid({f"services.{i}.service_id": message})
    if kept is None and link is not None and not link.service.is_active:
        message = _("%(service)s is not offered.") % {"service": link.service.name}
        raise Invalid({f"services.{i}.service_id": message})
    if request.quantity is not None and request.quantity < 1:
        raise Invalid({f"services.{i}.quantity": _("The quantity must be at least 1.")})
    if request.duration_minutes is not None and request.duration_minutes < 5:
        raise Invalid({f"services.{i}.duration_minutes": _("At least 5 minutes.")})
    if request.price is not None and request.price < 0:
        raise Invalid({f"services.{i}.price": _("The price cannot be negative.")})


def _line(
    actor: Actor,
    i: int,
    request: ServiceRequest,
    *,
    kept: BookingService | None,
    link: StaffService | None,
    prediscount: Decimal,
) -> BookingService:
    """One line: the request's terms over those kept (or, for a new service, the staff
    member's and the starting discount)."""
    if kept is not None:
        price, duration, quantity = kept.price, kept.duration_minutes, kept.quantity
        kind = kept.discount_kind if request.discount_kind is None else request.discount_kind
        value = kept.discount_value if request.discount_value is None else request.discount_value
    else:
        assert link is not None
        price, duration, quantity = link.effective_price, link.effective_duration, 1
        kind, value = starting_discount(
            prediscount=prediscount, kind=request.discount_kind, value=request.discount_value
        )
    line = BookingService(
        service_id=request.service_id,
        position=i,
        quantity=request.quantity if request.quantity is not None else quantity,
        price=round_money(
            request.price if request.price is not None else price, actor.chain.currency
        ),
        duration_minutes=request.duration_minutes or duration,
        discount_kind=kind,
        discount_value=value,
    )
    line.discount_value = check_discount(
        kind=line.discount_kind,
        value=line.discount_value,
        quantity=line.quantity,
        price=line.price,
        currency=actor.chain.currency,
        prefix=f"services.{i}",
    )
    return line


_LINE_TERMS = [
    "position",
    "quantity",
    "price",
    "duration_minutes",
    "discount_kind",
    "discount_value",
]


def replace_lines(
    booking: Booking, current: dict[int, BookingService], lines: list[BookingService]
) -> None:
    """Make `lines` the booking's lines, updating the rows of services it keeps in place,
    so a line keeps its id (what the visit's window and API clients refer to it by)."""
    kept, added = [], []
    for line in lines:
        row = current.get(line.service_id)
        if row is None:
            line.booking = booking
            added.append(line)
            continue
        for name in _LINE_TERMS:
            setattr(row, name, getattr(line, name))
        kept.append(row)
    gone = set(current) - {line.service_id for line in lines}
    BookingService.objects.filter(booking=booking, service_id__in=gone).delete()
    BookingService.objects.bulk_update(kept, _LINE_TERMS)
    BookingService.objects.bulk_create(added)


def check_lines_may_change(actor: Actor, booking: Booking, lines: list[BookingService]) -> None:
    """Refuse new lines for a visit paid in full (without the right to change paid visits),
    or lines that would make it cost less than was paid. Call under the booking's lock."""
    check_visit_open(actor, booking)
    after = current_totals(booking=booking, currency=actor.chain.currency, service_lines=lines)
    check_not_overpaid(after, "services")
