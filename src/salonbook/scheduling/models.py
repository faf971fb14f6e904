"""Working hours: a weekly pattern per staff member, single-day changes, and time off.

Times here are wall-clock times in the staff member's location zone; the availability engine
turns them into UTC instants day by day, so a 09:00 start stays 09:00 across a DST change.
Breaks are stored as a list of ["HH:MM", "HH:MM"] pairs inside the day they belong to.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from salonbook.staff.models import StaffMember


class WeeklyHours(models.Model):
    """The usual hours for one weekday (0 = Monday); a weekday without a row is a day off."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="weekly_hours")
    weekday = models.PositiveSmallIntegerField()
    start_time = models.TimeField()
    end_time = models.TimeField()
    breaks = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["staff", "weekday"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "weekday"], name="one_pattern_per_weekday"),
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="weekday_0_6"),
            models.CheckConstraint(
                condition=models.Q(start_time__lt=models.F("end_time")),
                name="weekly_hours_start_before_end",
            ),
        ]


class DayOverride(models.Model):
    """One date that differs from the weekly pattern: other hours, or a day off."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="day_overrides")
    date = models.DateField()
    is_day_off = models.BooleanField(default=False)
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    breaks = models.JSONField(default=list, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["staff", "date"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "date"], name="one_override_per_day"),
            models.CheckConstraint(
                condition=models.Q(is_day_off=True)
                | models.Q(
                    start_time__isnull=False,
                    end_time__isnull=False,
                    start_time__lt=models.F("end_time"),
                ),
                name="override_hours_or_day_off",
            ),
        ]


class TimeOff(models.Model):
    """A run of whole days away: vacation, sick leave, or days off."""

    class Kind(models.TextChoices):
        VACATION = "vacation", _("Vacation")
        SICK_LEAVE = "sick_leave", _("Sick leave")
        DAY_OFF = "day_off", _("Day off")

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="time_off")
    start_date = models.DateField()
    end_date = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.VACATION)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["staff", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__lte=models.F("end_date")),
                name="time_off_start_not_after_end",
            )
        ]
