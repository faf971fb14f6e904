"""The client base, and the chain's additional fields for clients and bookings."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from salonbook.tenancy.models import Chain


class Client(models.Model):
    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="clients")
    name = models.CharField(max_length=200)
    # E.164 ("+14155550123"); empty when unknown. Unique per chain among live clients.
    phone = models.CharField(max_length=16, blank=True)
    email = models.EmailField(blank=True)
    comment = models.TextField(blank=True)
    field_values = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "phone"],
                condition=models.Q(deleted_at__isnull=True) & ~models.Q(phone=""),
                name="one_live_client_per_phone",
            )
        ]
        indexes = [models.Index(fields=["chain", "name"])]

    def __str__(self) -> str:
        return self.name


class AdditionalField(models.Model):
    """A field the owner adds to client cards or bookings, chain-wide."""

    class AppliesTo(models.TextChoices):
        CLIENT = "client", _("Client")
        BOOKING = "booking", _("Booking")

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")
        DATE = "date", _("Date")
        CHOICE = "choice", _("Choice")
        YES_NO = "yes_no", _("Yes/no")

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="additional_fields")
    applies_to = models.CharField(max_length=10, choices=AppliesTo.choices)
    key = models.SlugField(max_length=50)
    label = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEXT)
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=False)
    sort_order = models.IntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "applies_to", "key"], name="additional_field_key_unique"
            )
        ]

    def __str__(self) -> str:
        return self.label
