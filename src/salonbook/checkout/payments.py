"""Paying for a visit (all that is due, or a part: split payment) and deleting a payment.

Every write here locks the visit's booking row first (bookings.selectors.access_booking with
lock=True), so two payments racing for the same amount due queue behind each other and the
second sees the first: the visit can never be overpaid. An excess kept as the client's deposit
is an entry of the deposit's ledger (DepositEntry), taken back by another entry when its
payment is deleted.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.bookings.models import Booking
from salonbook.bookings.selectors import access_booking
from salonbook.checkout.consumables import settle_consumables
from salonbook.checkout.models import CashDesk, DepositEntry, Payment, PaymentMethod
from salonbook.checkout.pricing import Totals
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


def _visit_for_payment(actor: Actor, booking_id: int) -> Booking:
    booking = access_booking(actor=actor, booking_id=booking_id, lock=True)
    if booking.is_deleted:
        raise Invalid({"booking": _("This booking was deleted.")})
    return booking


def _method(actor: Actor, booking: Booking, method_id: int) -> PaymentMethod:
    try:
        method = access_payment_method(actor=actor, method_id=method_id)
    except NotFound:
        raise Invalid({"method_id": _("No such payment method.")}) from None
    if not method.is_active or method.location_id not in (None, booking.location_id):
        raise Invalid({"method_id": _("This payment method is not offered here.")})
    return method


def _desk(actor: Actor, booking: Booking, cash_desk_id: int | None) -> CashDesk | None:
    if cash_desk_id is None:
        return None
    try:
        desk = access_cash_desk(actor=actor, cash_desk_id=cash_desk_id)
    except NotFound:
        raise Invalid({"cash_desk_id": _("No such cash desk.")}) from None
    if desk.location_id != booking.location_id or not desk.is_active:
        raise Invalid({"cash_desk_id": _("This cash desk is not at the visit's location.")})
    return desk


def _amount(
    totals: Totals,
    currency: str,
    *,
    amount: Decimal | None,
    expected_due: Decimal | None,
) -> Decimal:
    """What the payment is for, checked against what is due (which it may exceed: see
    `_excess`)."""
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
    amount = round_money(totals.due if amount is None else amount, currency)
    if amount <= 0:
        raise Invalid({"amount": _("Enter an amount above zero.")})
    return amount


def _excess(booking: Booking, totals: Totals, amount: Decimal, keep_as_deposit: bool) -> Decimal:
    """What the payment brings beyond what is due (0 if nothing), kept as a deposit."""
    excess = max(amount - totals.due, Decimal(0))
    if excess > 0 and not keep_as_deposit:
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
    return excess


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
    method = _method(actor, booking, method_id)
    desk = _desk(actor, booking, cash_desk_id)
    totals = current_totals(booking=booking, currency=currency)
    amount = _amount(totals, currency, amount=amount, expected_due=expected_due)
    excess = _excess(booking, totals, amount, keep_excess_as_deposit)
    payment = Payment.objects.create(
        chain_id=actor.chain_id,
        booking=booking,
        method=method,
        cash_desk=desk,
        amount=amount - excess,
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
            "deposit": str(excess),
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
