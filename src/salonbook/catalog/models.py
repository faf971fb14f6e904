"""What the salon sells: service categories, services, who performs what, products, and the
consumables each service uses (its bill of materials)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import pgettext_lazy

from salonbook.records import Versioned
from salonbook.staff.models import StaffMember
from salonbook.tenancy.models import Chain


def money_field(**options: Any) -> models.DecimalField:
    """A non-negative amount in the chain's currency (two decimal places are stored)."""
    return models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))], **options
    )


class ServiceCategory(models.Model):
    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="service_categories")
    name = models.CharField(max_length=150)
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name", "id"]
        verbose_name_plural = "service categories"

    def __str__(self) -> str:
        return self.name


class Service(Versioned):
    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="services")
    category = models.ForeignKey(
        ServiceCategory, null=True, blank=True, on_delete=models.SET_NULL, related_name="services"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    duration_minutes = models.PositiveIntegerField(validators=[MinValueValidator(5)])
    price = money_field()
    is_active = models.BooleanField(default=True)
    sort_order = models.IntegerField(default=0)
    staff = models.ManyToManyField(StaffMember, through="StaffService", related_name="services")

    class Meta:
        ordering = ["sort_order", "name", "id"]

    def __str__(self) -> str:
        return self.name


class StaffService(models.Model):
    """A staff member performs a service, at their own price and duration when set."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="service_links")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="staff_links")
    price = money_field(null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["staff", "service"], name="one_link_per_staff_service")
        ]

    def __str__(self) -> str:
        return f"{self.staff} performs {self.service}"

    @property
    def effective_price(self) -> Decimal:
        return self.price if self.price is not None else self.service.price

    @property
    def effective_duration(self) -> int:
        return self.duration_minutes or self.service.duration_minutes


def quantity_field(**options: Any) -> models.DecimalField:
    """An amount of a product in its unit (pieces, ml, g...): up to three decimals."""
    return models.DecimalField(max_digits=12, decimal_places=3, **options)


QUANTITY_STEP = Decimal("0.001")


def exact_quantity(value: Decimal) -> Decimal:
    """`value` with three decimals when that loses nothing (1.5000 -> 1.500), else as it is,
    so that validation names a quantity that is too precise rather than rounding it."""
    try:
        quantized = value.quantize(QUANTITY_STEP)
    except ArithmeticError:
        return value
    return quantized if quantized == value else value


class Product(Versioned):
    """What the salon sells over the counter (`for_sale`) or uses up in its services
    (`is_consumable`), or both. Its stock lives in the inventory app's ledger."""

    class Unit(models.TextChoices):
        PIECE = "pcs", pgettext_lazy("unit", "pcs")
        PACK = "pack", pgettext_lazy("unit", "pack")
        ML = "ml", pgettext_lazy("unit", "ml")
        L = "l", pgettext_lazy("unit", "l")
        G = "g", pgettext_lazy("unit", "g")
        KG = "kg", pgettext_lazy("unit", "kg")

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="products")
    name = models.CharField(max_length=200)
    # The salon's own article number; unique in the chain when given.
    sku = models.CharField(max_length=64, blank=True)
    barcode = models.CharField(max_length=64, blank=True)
    unit = models.CharField(max_length=8, choices=Unit.choices, default=Unit.PIECE)
    price = money_field(default=Decimal("0"))  # what a client pays for one unit
    cost = money_field(default=Decimal("0"))  # what the salon pays for one unit
    for_sale = models.BooleanField(default=True)
    is_consumable = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "sku"], condition=~models.Q(sku=""), name="product_sku_per_chain"
            ),
            models.CheckConstraint(
                condition=models.Q(for_sale=True) | models.Q(is_consumable=True),
                name="product_for_sale_or_consumable",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ServiceMaterial(models.Model):
    """One row of a service's bill of materials (its technological card): how much of a
    consumable one performance of the service uses. A service has one card: its rows."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="bill_of_materials")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    quantity = quantity_field(validators=[MinValueValidator(Decimal("0.001"))])
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "product"], name="one_bill_row_per_service_product"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service}: {self.quantity} {self.product}"
