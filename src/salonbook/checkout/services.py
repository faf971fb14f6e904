"""Writes of the visit: its service lines, payments (and their deletion), methods and desks.
Its goods have their own modules: checkout.sales (products sold) and checkout.consumables.

Every write here locks the visit's booking row first (bookings.selectors.access_booking with
lock=True), so two payments racing for the same amount due queue behind each other and the
second sees the first: the visit can never be overpaid. Lines are changed through
bookings.services.update_booking, which holds the rule that a visit paid in full keeps them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from salonbook.accounts.permissions import require
from salonbook.bookings.models import Booking, BookingService
from salonbook.bookings.selectors import access_booking
from salonbook.bookings.services import ServiceRequest, update_booking
from salonbook.catalog.models import StaffService
from salonbook.checkout.consumables import settle_consumables
from salonbook.checkout.models import CashDesk, DepositEntry, Payment, PaymentMethod
from salonbook.checkout.selectors import (
    access_cash_desk,
    access_payment,
    access_payment_method,
    current_totals,
)
from salonbook.errors import Invalid, NotFound
from salonbook.money import round_money
from salonbook.sync.services import record_change
from salonbook.tenancy.context import Actor
from salonbook.tenancy.models import Chain
from salonbook.tenancy.selectors import access_location
from salonbook.validation import apply_changes, full_clean_or_invalid

# Every chain starts with these; the names are data the owner may rename.
DEFAULT_METHODS = (
    (gettext_noop("Cash"), PaymentMethod.Kind.CASH),
    (gettext_noop("Card"), PaymentMethod.Kind.CARD),
    (gettext_noop("Bank transfer"), PaymentMethod.Kind.TRANSFER),
)
METHOD_FIELDS = ("name", "kind", "location_id", "is_active", "sort_order")
DESK_FIELDS = ("name", "is_active")


def add_default_payment_methods(*, chain: Chain) -> None:
    """Cash, Card and Bank transfer for a new chain, named in the language of its creator."""
    PaymentMethod.objects.bulk_create(
        PaymentMethod(chain=chain, name=_(name), kind=kind, sort_order=order)
        for order, (name, kind) in enumerate(DEFAULT_METHODS)
    )


# --- payment methods and cash desks ---------------------------------------------------------


def _check_location(actor: Actor, location_id: int | None) -> None:
    if location_id is None:
        return
    try:
        access_location(actor=actor, location_id=location_id)
    except NotFound:
        raise Invalid({"location_id": f"No location {location_id}."}) from None


@transaction.atomic
def create_payment_method(
    *,
    actor: Actor,
    name: str,
    kind: str = PaymentMethod.Kind.OTHER,
    location_id: int | None = None,
    sort_order: int = 0,
) -> PaymentMethod:
    require(actor, "settings.manage")
    _check_location(actor, location_id)
    method = PaymentMethod(
        chain=actor.chain,
        name=name.strip(),
        kind=kind,
        location_id=location_id,
        sort_order=sort_order,
    )
    full_clean_or_invalid(method, exclude=["chain", "location"])
    method.save()
    record_change(actor=actor, entity="payment_method", entity_id=method.pk, action="created")
    return method


@transaction.atomic
def update_payment_method(*, actor: Actor, method_id: int, **changes: Any) -> PaymentMethod:
    """Rename, re-kind, move or retire a method; payments made with it keep pointing at it."""
    require(actor, "settings.manage")
    method = access_payment_method(actor=actor, method_id=method_id, lock=True)
    if "location_id" in changes:
        _check_location(actor, changes["location_id"])
    if isinstance(changes.get("name"), str):
        changes["name"] = changes["name"].strip()
    apply_changes(method, changes, allowed=METHOD_FIELDS, exclude=["chain", "location"])
    method.save()
    record_change(
        actor=actor,
        entity="payment_method",
        entity_id=method.pk,
        action="updated",
        data={"fields": sorted(changes)},
    )
    return method


@transaction.atomic
def create_cash_desk(*, actor: Actor, location_id: int, name: str) -> CashDesk:
    require(actor, "settings.manage")
    _check_location(actor, location_id)
    desk = CashDesk(location_id=location_id, name=name.strip())
    full_clean_or_invalid(desk, exclude=["location"])
    desk.save()
    record_change(actor=actor, entity="cash_desk", entity_id=desk.pk, action="created")
    return desk


@transaction.atomic
def update_cash_desk(*, actor: Actor, cash_desk_id: int, **changes: Any) -> CashDesk:
    require(actor, "settings.manage")
    desk = access_cash_desk(actor=actor, cash_desk_id=cash_desk_id, lock=True)
    if isinstance(changes.get("name"), str):
        changes["name"] = changes["name"].strip()
    apply_changes(desk, changes, allowed=DESK_FIELDS, exclude=["location"])
    desk.save()
    record_change(
        actor=actor,
        entity="cash_desk",
        entity_id=desk.pk,
        action="updated",
        data={"fields": sorted(changes)},
    )
    return desk


# --- the visit's service lines --------------------------------------------------------------


def _requests(lines: list[BookingService]) -> list[ServiceRequest]:
    """The lines as they are: a ServiceRequest that changes nothing about them."""
    return [ServiceRequest(service_id=line.service_id) for line in lines]


def _line(booking: Booking, line_id: int) -> tuple[list[BookingService], int]:
    lines = list(BookingService.objects.filter(booking=booking).order_by("position", "id"))
    for index, line in enumerate(lines):
        if line.pk == line_id:
            return lines, index
    raise NotFound(f"Service line {line_id} not found in booking {booking.pk}.")


@transaction.atomic
def change_service_line(
    *,
    actor: Actor,
    booking_id: int,
    line_id: int,
    expected_version: int | None = None,
    quantity: int | None = None,
    price: Decimal | None = None,
    discount_kind: str | None = None,
    discount_value: Decimal | None = None,
) -> Booking:
    """Change a line's quantity, price or discount; the booking keeps its time."""
    require(actor, "bookings.edit")
    booking = access_booking(actor=actor, booking_id=booking_id, lock=True)
    lines, index = _line(booking, line_id)
    requests = _requests(lines)
    requests[index] = replace(
        requests[index],
        quantity=quantity,
        price=price,
        discount_kind=discount_kind,
        discount_value=discount_value,
    )
    return update_booking(
        actor=actor,
        booking_id=booking.pk,
        expected_version=expected_version,
        services=requests,
        end=booking.end_at,
    )


@transaction.atomic
def add_service_line(
    *,
    actor: Actor,
    booking_id: int,
    service_id: int,
    quantity: int = 1,
    expected_version: int | None = None,
) -> Booking:
    """Add a service the staff member performs; the booking grows by its duration."""
    require(actor, "bookings.edit")
    booking = access_booking(actor=actor, booking_id=booking_id, lock=True)
    lines = list(BookingService.objects.filter(booking=booking).order_by("position", "id"))
    if any(line.service_id == service_id for line in lines):
        raise Invalid(
            {"service_id": _("This service is in the visit already: change its quantity.")}
        )
    requests = [*_requests(lines), ServiceRequest(service_id=service_id, quantity=quantity)]
    # The staff member's own duration for it; if they do not perform it, update_booking says so.
    link = (
        StaffService.objects.filter(
            staff_id=booking.staff_id, service_id=service_id, service__chain_id=actor.chain_id
        )
        .select_related("service")
        .first()
    )
    extra = timedelta(minutes=link.effective_duration if link else 0)
    return update_booking(
        actor=actor,
        booking_id=booking.pk,
        expected_version=expected_version,
        services=requests,
        end=booking.end_at + extra,
    )


@transaction.atomic
def remove_service_line(
    *, actor: Actor, booking_id: int, line_id: int, expected_version: int | None = None
) -> Booking:
    """Take a service out of the visit; the booking shortens by its duration."""
    require(actor, "bookings.edit")
    booking = access_booking(actor=actor, booking_id=booking_id, lock=True)
    lines, index = _line(booking, line_id)
    if len(lines) == 1:
        raise Invalid({"services": _("A visit keeps at least one service.")})
    removed = lines.pop(index)
    end = max(
        booking.end_at - timedelta(minutes=removed.duration_minutes),
        booking.start_at + timedelta(minutes=5),
    )
    return update_booking(
        actor=actor,
        booking_id=booking.pk,
        expected_version=expected_version,
        services=_requests(lines),
        end=end,
    )


# --- payments -------------------------------------------------------------------------------


def _visit_for_payment(actor: Actor, booking_id: int) -> Booking:
    booking = access_booking(actor=actor, booking_id=booking_id, lock=True)
    if booking.is_deleted:
        raise Invalid({"booking": _("This booking was deleted.")})
    return booking


@transaction.atomic
def take_payment(
    *,
    actor: Actor,
    booking_id: int,
    method_id: int,
    amount: Decimal | None = None,
    cash_desk_id: int | None = None,
    keep_excess_as_deposit: bool = False,
    expected_due: Decimal | None = None,
) -> Payment:
    """Pay for a visit: the whole amount due (no `amount`) or a part of it (split payment).

    More than is due is refused, unless the excess is kept as the client's deposit.
    Locks the booking first: two payments for the same amount due cannot both succeed.
    `expected_due` is what the payer saw due: if it changed meanwhile (the same form sent
    twice, someone else paying), nothing is taken and the refusal says so.
    """
    require(actor, "payments.take")
    booking = _visit_for_payment(actor, booking_id)
    currency = actor.chain.currency
    try:
        method = access_payment_method(actor=actor, method_id=method_id)
    except NotFound:
        raise Invalid({"method_id": _("No such payment method.")}) from None
    if not method.is_active or method.location_id not in (None, booking.location_id):
        raise Invalid({"method_id": _("This payment method is not offered here.")})
    desk = None
    if cash_desk_id is not None:
        try:
            desk = access_cash_desk(actor=actor, cash_desk_id=cash_desk_id)
        except NotFound:
            raise Invalid({"cash_desk_id": _("No such cash desk.")}) from None
        if desk.location_id != booking.location_id or not desk.is_active:
            raise Invalid({"cash_desk_id": _("This cash desk is not at the visit's location.")})
    totals = current_totals(booking=booking, currency=currency)
    if expected_due is not None and round_money(expected_due, currency) != totals.due:
        raise Invalid(
            {
                "amount": _(
                    "The amount due has changed to %(due)s meanwhile: nothing was taken. "
                    "Check the visit and pay again if need be."
                )
                % {"due": totals.due}
            }
        )
    if totals.due <= 0:
        raise Invalid({"amount": _("Nothing is due for this visit.")})
    if amount is None:
        amount = totals.due
    amount = round_money(amount, currency)
    if amount <= 0:
        raise Invalid({"amount": _("Enter an amount above zero.")})
    excess = amount - totals.due
    if excess > 0 and not keep_excess_as_deposit:
        raise Invalid(
            {
                "amount": _(
                    "Only %(due)s is due. Take that, or keep the rest as the client's deposit."
                )
                % {"due": totals.due}
            }
        )
    if excess > 0 and booking.client_id is None:
        raise Invalid({"amount": _("A deposit needs a client; this visit has none.")})
    payment = Payment.objects.create(
        chain_id=actor.chain_id,
        booking=booking,
        method=method,
        cash_desk=desk,
        amount=amount - max(excess, Decimal(0)),
        created_by_id=actor.user_id,
    )
    if excess > 0:
        assert booking.client_id is not None
        DepositEntry.objects.create(
            chain_id=actor.chain_id,
            client_id=booking.client_id,
            amount=excess,
            payment=payment,
            note=f"Overpayment of visit {booking.pk}",
            created_by_id=actor.user_id,
        )
    settle_consumables(actor=actor, booking=booking)
    after = current_totals(booking=booking, currency=currency)
    record_change(
        actor=actor,
        entity="payment",
        entity_id=payment.pk,
        action="created",
        data={
            "booking_id": booking.pk,
            "location_id": booking.location_id,
            "amount": str(payment.amount),
            "deposit": str(max(excess, Decimal(0))),
            "due": str(after.due),
        },
    )
    return payment


@transaction.atomic
def delete_payment(*, actor: Actor, payment_id: int) -> Payment:
    """Soft delete: what the payment paid is due again; a deposit it made is taken back."""
    require(actor, "payments.delete")
    payment = access_payment(actor=actor, payment_id=payment_id)
    booking = _visit_for_payment(actor, payment.booking_id)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.deleted_at is not None:
        raise NotFound(f"Payment {payment_id} not found.")
    payment.deleted_at = timezone.now()
    payment.deleted_by_id = actor.user_id
    payment.save(update_fields=["deleted_at", "deleted_by"])
    for entry in payment.deposit_entries.all():
        DepositEntry.objects.create(
            chain_id=actor.chain_id,
            client_id=entry.client_id,
            amount=-entry.amount,
            payment=payment,
            note=f"Payment {payment.pk} deleted",
            created_by_id=actor.user_id,
        )
    settle_consumables(actor=actor, booking=booking)
    after = current_totals(booking=booking, currency=actor.chain.currency)
    record_change(
        actor=actor,
        entity="payment",
        entity_id=payment.pk,
        action="deleted",
        data={
            "booking_id": booking.pk,
            "location_id": booking.location_id,
            "amount": str(payment.amount),
            "due": str(after.due),
        },
    )
    return payment
