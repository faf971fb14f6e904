"""Memberships and gift cards: the types a salon sells, the certificates sold from them, and
each certificate's ledger.

A certificate's balance (money left on a gift card, visits left on a membership) is the sum of
its `CertificateEntry` rows, which are only ever added: issuing writes the face value or the
number of visits, a redemption or an adjustment writes what it takes or gives, voiding writes
whatever brings the sum to zero. No row is changed or deleted, so the history explains every
balance.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from salonbook.catalog.models import Service, money_field
from salonbook.clients.models import Client
from salonbook.loyalty.codes import MAX_LENGTH
from salonbook.records import Created, Versioned
from salonbook.tenancy.models import Chain

MAX_VISITS = 1000
MAX_VALIDITY_DAYS = 36_600  # a hundred years: beyond that, leave it without expiry


class CertificateType(Versioned):
    """What the salon sells: a membership (a number of visits, to any service or to some) or a
    gift card (money to spend, its face value, which may differ from the price paid for it).

    The kind is chosen at creation and never changes: certificates sold are read by it.
    """

    class Kind(models.TextChoices):
        MEMBERSHIP = "membership", _("Membership")
        GIFT_CARD = "gift_card", _("Gift card")

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="certificate_types")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    name = models.CharField(max_length=200)
    price = money_field()  # what the client pays for it
    # A gift card's worth (above zero); None for a membership.
    face_value = money_field(null=True, blank=True)
    # A membership's number of visits; None for a gift card.
    visits = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(MAX_VISITS)]
    )
    # The services a membership's visits are good for; none: any service.
    services = models.ManyToManyField(Service, blank=True, related_name="+")
    # Days from the sale until a certificate expires; None: it never does.
    validity_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_VALIDITY_DAYS)],
    )
    is_active = models.BooleanField(default=True)  # an inactive type is no longer sold
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="gift_card", face_value__isnull=False, visits__isnull=True)
                    | models.Q(kind="membership", visits__isnull=False, face_value__isnull=True)
                ),
                name="certificate_type_terms_match_kind",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_gift_card(self) -> bool:
        return self.kind == self.Kind.GIFT_CARD


class Certificate(Versioned):
    """One membership or gift card sold. Its balance is the sum of its ledger (`entries`)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        VOID = "void", _("Void")

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="certificates")
    type = models.ForeignKey(CertificateType, on_delete=models.PROTECT, related_name="certificates")
    # Stored normalised (see loyalty.codes): capitals and digits, so equal codes are equal text.
    code = models.CharField(max_length=MAX_LENGTH)
    # Whose it is, when known. A gift card may be bought for someone else: the holder is who
    # brings it. Erasing a client's personal data leaves the certificate's value in place.
    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.SET_NULL, related_name="certificates"
    )
    sold_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)  # None: never
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    # What sold it: the checkout passes ("sale_line", id). Empty for one issued by hand.
    source = models.CharField(max_length=30, blank=True)
    source_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-sold_at", "-id"]
        constraints = [
            # A voided certificate gives its code back: the sale can be entered again with it.
            models.UniqueConstraint(
                fields=["chain", "code"],
                condition=~models.Q(status="void"),
                name="one_live_certificate_per_code",
            )
        ]
        indexes = [
            models.Index(fields=["chain", "code"]),
            models.Index(fields=["client", "sold_at"]),
            models.Index(fields=["source", "source_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.code}"

    @property
    def is_void(self) -> bool:
        return self.status == self.Status.VOID

    def is_expired_at(self, when: datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= when


class CertificateEntry(Created):
    """One row of a certificate's ledger: money (gift cards) or visits (memberships), signed.

    Append-only: written by the loyalty services, never updated or deleted.
    """

    class Kind(models.TextChoices):
        ISSUED = "issued", _("Issued")
        REDEEMED = "redeemed", _("Redeemed")
        VOIDED = "voided", _("Voided")
        ADJUSTED = "adjusted", _("Adjusted")

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal(0))
    visits = models.IntegerField(default=0)
    source = models.CharField(max_length=30, blank=True)
    source_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "certificate entries"
        indexes = [models.Index(fields=["certificate", "id"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount or self.visits} on certificate {self.certificate_id}"
