"""Staff members (the specialists in the calendar) and their positions."""

from __future__ import annotations

from django.db import models

from salonbook.records import Versioned
from salonbook.tenancy.models import Chain, Location


class Position(models.Model):
    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="positions")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "name"], name="position_name_per_chain")
        ]

    def __str__(self) -> str:
        return self.name


class StaffMember(Versioned):
    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="staff_members")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="staff_members")
    name = models.CharField(max_length=150)
    position = models.ForeignKey(
        Position, null=True, blank=True, on_delete=models.SET_NULL, related_name="staff_members"
    )
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    color = models.CharField(max_length=7, blank=True)
    sort_order = models.IntegerField(default=0)
    # Dismissed staff stay for history but leave the calendar.
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "name", "id"]
        indexes = [models.Index(fields=["location", "is_active"])]

    def __str__(self) -> str:
        return self.name
