"""Bookings (a client's visit with one staff member) and the services in them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from salonbook.catalog.models import Service, money_field
from salonbook.clients.models import Client
from salonbook.records import Created, LiveQuerySet, SoftDeleted, Versioned
from salonbook.staff.models import StaffMember
from salonbook.tenancy.models import Chain, Location


class BookingCategory(models.Model):
    """A label the salon defines, e.g. "This specialist only" or "First visit"."""

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="booking_categories")
    name = models.CharField(max_length=100)
    color = models.CharField(max_length=7, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "booking categories"

    def __str__(self) -> str:
        return self.name


class BookingStatus(models.TextChoices):
    EXPECTED = "expected", _("Expected")
    CONFIRMED = "confirmed", _("Confirmed")
    ARRIVED = "arrived", _("Arrived")
    NO_SHOW = "no_show", _("No show")


# A no-show keeps its row for history but frees the time, so a walk-in can take it.
NON_BLOCKING_STATUSES = frozenset({BookingStatus.NO_SHOW})


class BookingQuerySet(LiveQuerySet["Booking"]):
    def blocking(self) -> BookingQuerySet:
        """Bookings that occupy their staff member's time."""
        return self.live().exclude(status__in=NON_BLOCKING_STATUSES)


class Booking(Versioned, Created, SoftDeleted):
    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="bookings")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="bookings")
    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="bookings")
    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.PROTECT, related_name="bookings"
    )
    start_at = models.DateTimeField()
    end_at = models.DateTimeField()
    status = models.CharField(
        max_length=12, choices=BookingStatus.choices, default=BookingStatus.EXPECTED
    )
    color = models.CharField(max_length=7, blank=True)
    category = models.ForeignKey(
        BookingCategory, null=True, blank=True, on_delete=models.SET_NULL, related_name="bookings"
    )
    comment = models.TextField(blank=True)
    field_values = models.JSONField(default=dict, blank=True)
    outside_hours = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["start_at", "id"]
        indexes = [
            models.Index(fields=["staff", "start_at"]),
            models.Index(fields=["location", "start_at"]),
            models.Index(fields=["client", "start_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_at__lt=models.F("end_at")), name="booking_start_before_end"
            )
        ]

    def __str__(self) -> str:
        return f"Booking {self.pk} {self.start_at:%Y-%m-%d %H:%M} with {self.staff_id}"


class BookingService(models.Model):
    """A service in a booking, priced and timed when it was added."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="services")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    quantity = models.PositiveIntegerField(default=1)
    price = money_field()
    duration_minutes = models.PositiveIntegerField()
    # "percent" or "amount" (checkout.pricing.DiscountKind); "" for none.
    discount_kind = models.CharField(max_length=10, blank=True, default="")
    discount_value = models.DecimalField(max_digits=12, decimal_places=2, default=0)

    class Meta:
        ordering = ["booking", "position", "id"]
