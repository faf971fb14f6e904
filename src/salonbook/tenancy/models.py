"""The tenant root (Chain) and its branches (Location)."""

from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext as _

from salonbook.records import Versioned


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("Unknown time zone “%(zone)s”; use an IANA name like Europe/Berlin.")
            % {"zone": value}
        )


class Chain(models.Model):
    """A salon business: every other row belongs to exactly one chain."""

    name = models.CharField(max_length=200)
    # Default region for phone numbers typed without a country code (ISO 3166 alpha-2).
    country = models.CharField(max_length=2, default="US")
    currency = models.CharField(max_length=3, default="USD")
    # The largest file that may be uploaded to a client's card, in megabytes.
    client_file_max_mb = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Location(Versioned):
    """A branch of the chain, with its own clock: days and slots are computed in its zone."""

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(max_length=200)
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])
    address = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    slot_step_minutes = models.PositiveSmallIntegerField(
        default=15, validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    # Clients cannot be booked sooner than this many minutes from now.
    min_lead_minutes = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(slot_step_minutes__gte=5, slot_step_minutes__lte=240),
                name="location_slot_step_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)
