"""Storages and the stock ledger.

Stock is never a counter: the stock of a product in a storage is the sum of its
`StockMovement` rows, which are only ever appended (never updated or deleted). A correction is
another movement.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from salonbook.catalog.models import Product, quantity_field
from salonbook.records import Created, Versioned
from salonbook.tenancy.models import Chain, Location


class Storage(Versioned):
    """A place at a location where products are kept ("Main storage", "Retail shelf")."""

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="storages")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="storages")
    name = models.CharField(max_length=100)
    # A closed storage keeps its history; nothing new is received into it or taken from it.
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["location_id", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["location", "name"], name="storage_name_per_location")
        ]

    def __str__(self) -> str:
        return self.name


class MovementKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    WRITE_OFF = "write_off", _("Write-off")
    SALE = "sale", _("Sale")
    SALE_RETURN = "sale_return", _("Sale returned")
    CONSUMPTION = "consumption", _("Consumption")
    CONSUMPTION_RETURN = "consumption_return", _("Consumption returned")
    ADJUSTMENT = "adjustment", _("Adjustment")


class StockMovement(Created):
    """One line of the stock ledger: `quantity` of `product` came into (+) or left (-)
    `storage`. `source`/`source_id` name what caused it (e.g. "sale_line", 42) without this
    app knowing the models of whoever moved the stock."""

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="+")
    storage = models.ForeignKey(Storage, on_delete=models.PROTECT, related_name="movements")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="movements")
    quantity = quantity_field()  # signed: + in, - out
    kind = models.CharField(max_length=20, choices=MovementKind.choices)
    # The cost of one unit when it moved (the receipt's price, else the product's cost then).
    unit_cost = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=40, blank=True)
    source_id = models.BigIntegerField(null=True, blank=True)
    # Not auto_now_add: a movement may be dated when it happened (a receipt typed in later).
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        indexes = [
            # Stock of a storage (sums per product) and the history of one product there.
            models.Index(fields=["storage", "product", "id"], name="movement_storage_product"),
            models.Index(fields=["chain", "id"], name="movement_chain"),
            models.Index(fields=["source", "source_id"], name="movement_source"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(quantity=0), name="movement_not_zero")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity} {self.product_id} @ {self.storage_id}"
