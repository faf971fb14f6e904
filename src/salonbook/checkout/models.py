"""Taking money for visits: payment methods and cash desks per location, payments, deposits.

A visit is a booking; its lines are the booking's services (and, with stock, its product
sales). What it costs and what is still due follow from `checkout.pricing`, never stored.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from salonbook.bookings.models import Booking
from salonbook.catalog.models import money_field
from salonbook.clients.models import Client
from salonbook.records import Created, LiveQuerySet, SoftDeleted
from salonbook.tenancy.models import Chain, Location


class PaymentMethod(models.Model):
    """Cash, card, bank transfer, or whatever else the owner adds; for one location or all."""

    class Kind(models.TextChoices):
        CASH = "cash", _("Cash")
        CARD = "card", _("Card")
        TRANSFER = "transfer", _("Bank transfer")
        OTHER = "other", _("Other")

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="payment_methods")
    # None: offered at every location of the chain.
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="payment_methods"
    )
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.OTHER)
    is_active = models.BooleanField(default=True)
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class CashDesk(models.Model):
    """Where a location's takings are kept (the till at the front desk, a second one...)."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="cash_desks")
    name = models.CharField(max_length=100)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["location", "id"]

    def __str__(self) -> str:
        return self.name


class Payment(Created, SoftDeleted):
    """Money taken for a visit. Deleting one is soft: it stays for history and audit."""

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="+")
    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="payments")
    method = models.ForeignKey(PaymentMethod, on_delete=models.PROTECT, related_name="payments")
    cash_desk = models.ForeignKey(
        CashDesk, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    # What pays the visit; an overpayment kept as the client's deposit is a DepositEntry.
    amount = money_field()

    objects = LiveQuerySet["Payment"].as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["booking", "deleted_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_amount_positive")
        ]

    def __str__(self) -> str:
        return f"Payment {self.pk} of {self.amount} for booking {self.booking_id}"


class DepositEntry(Created):
    """The client's deposit ledger: money kept for them; the balance is the sum of entries."""

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="deposit_entries")
    amount = models.DecimalField(max_digits=12, decimal_places=2)  # + kept, - given back/spent
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="deposit_entries"
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["client", "id"])]


class VisitConsumable(Created):
    """A consumable used in a visit (by hand, or from a service's bill of materials).

    It costs the client nothing; it leaves stock when the visit is paid in full
    (`written_off_at`), and goes back if a payment is deleted and the visit is due again.
    """

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="+")
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="consumables")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    storage = models.ForeignKey("inventory.Storage", on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(max_digits=12, decimal_places=3)
    # The service it was used for, when it came from that service's bill of materials.
    service_line = models.ForeignKey(
        "bookings.BookingService",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consumables",
    )
    written_off_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["booking", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="visit_consumable_quantity_positive"
            )
        ]


class SaleLine(Created, SoftDeleted):
    """Something sold in a visit besides its services: a product (taken from a storage at
    once, put back if the sale is deleted), or a membership or gift card (issued with its
    code, voided if the sale is deleted). Priced by checkout.pricing like every line."""

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="+")
    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="sales")
    product = models.ForeignKey(
        "catalog.Product", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    storage = models.ForeignKey(
        "inventory.Storage", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    certificate = models.OneToOneField(
        "loyalty.Certificate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sale_line",
    )
    name = models.CharField(max_length=200)  # as sold, whatever the product is renamed to
    quantity = models.PositiveIntegerField(default=1)
    price = money_field()
    discount_kind = models.CharField(max_length=10, blank=True, default="")
    discount_value = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    seller = models.ForeignKey(
        "staff.StaffMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = LiveQuerySet["SaleLine"].as_manager()

    class Meta:
        ordering = ["booking", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="sale_quantity_positive"
            )
        ]
