"""What the salon sells in time: service categories, services, and who performs what."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models

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


class Service(models.Model):
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
    version = models.PositiveIntegerField(default=1)
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
