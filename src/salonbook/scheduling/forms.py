"""Forms of the working-hours pages: they parse times and dates; scheduling.services decides
whether the hours make sense (a day ends after it starts, breaks fall inside the day...)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from salonbook.scheduling.models import DayOverride, TimeOff, WeeklyHours
from salonbook.scheduling.services import WeekdayHours
from salonbook.web.settings_forms import BreaksField, break_rows, date_input, time_input


def _prefix(weekday: int) -> str:
    return f"d{weekday}_"


class WeekForm(forms.Form):
    """The weekly pattern: per weekday (0 = Monday), works or not, start, end, breaks."""

    def __init__(self, *args: Any, rows: list[WeeklyHours] | None = None, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        for row in rows or []:
            p = _prefix(row.weekday)
            initial[p + "works"] = True
            initial[p + "start"] = row.start_time
            initial[p + "end"] = row.end_time
            initial[p + "breaks"] = [tuple(pair) for pair in row.breaks]
        super().__init__(*args, **kwargs)
        for weekday in range(7):
            p = _prefix(weekday)
            self.fields[p + "works"] = forms.BooleanField(label=WEEKDAYS[weekday], required=False)
            self.fields[p + "start"] = forms.TimeField(
                label=_("Start"), required=False, widget=time_input()
            )
            self.fields[p + "end"] = forms.TimeField(
                label=_("End"), required=False, widget=time_input()
            )
            self.fields[p + "breaks"] = BreaksField(label=_("Breaks"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for weekday in range(7):
            p = _prefix(weekday)
            if not data.get(p + "works"):
                continue
            for part in ("start", "end"):
                if data.get(p + part) is None and p + part not in self.errors:
                    self.add_error(p + part, _("Give the hours, or mark the day as a day off."))
        return data

    def weekdays(self) -> list[dict[str, Any]]:
        """What the template draws for each weekday."""
        days = []
        for weekday in range(7):
            p = _prefix(weekday)
            breaks = self[p + "breaks"]
            days.append(
                {
                    "weekday": weekday,
                    "name": WEEKDAYS[weekday],
                    "works": self[p + "works"],
                    "start": self[p + "start"],
                    "end": self[p + "end"],
                    "breaks": breaks,
                    "break_rows": break_rows(breaks.value()),
                }
            )
        return days

    def days(self) -> list[WeekdayHours]:
        data = self.cleaned_data
        return [
            WeekdayHours(
                weekday=weekday,
                start_time=data[_prefix(weekday) + "start"],
                end_time=data[_prefix(weekday) + "end"],
                breaks=data[_prefix(weekday) + "breaks"],
            )
            for weekday in range(7)
            if data.get(_prefix(weekday) + "works")
        ]

    def error_map(self) -> dict[str, str]:
        """The service names a day by its place in the list it was given."""
        mapping = {}
        for i, day in enumerate(self.days()):
            p = _prefix(day.weekday)
            mapping.update(
                {
                    f"days.{i}.weekday": p + "works",
                    f"days.{i}.start_time": p + "start",
                    f"days.{i}.end_time": p + "end",
                    f"days.{i}.breaks": p + "breaks",
                }
            )
        return mapping


class DayForm(forms.Form):
    """One date with its own hours, or a day off."""

    date = forms.DateField(label=_("Date"), widget=date_input())
    day_off = forms.TypedChoiceField(
        label=_("This day"),
        choices=[("0", _("Other hours")), ("1", _("Day off"))],
        coerce=lambda value: value == "1",
        initial="0",
        widget=forms.RadioSelect,
    )
    start = forms.TimeField(label=_("Start"), required=False, widget=time_input())
    end = forms.TimeField(label=_("End"), required=False, widget=time_input())
    breaks = BreaksField(label=_("Breaks"))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    # Where the service's field names land on this form. Whether the hours make sense (given,
    # the end after the start, breaks inside) is scheduling.services.set_day's to say.
    ERRORS = {"start_time": "start", "end_time": "end", "breaks": "breaks", "day": "date"}

    def break_rows(self) -> list[tuple[str, str]]:
        return break_rows(self["breaks"].value())

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "day": data["date"],
            "is_day_off": data["day_off"],
            "start_time": data["start"],
            "end_time": data["end"],
            "breaks": data["breaks"],
            "note": data["note"],
        }

    @staticmethod
    def initial_from(override: DayOverride) -> dict[str, Any]:
        return {
            "date": override.date,
            "day_off": "1" if override.is_day_off else "0",
            "start": override.start_time,
            "end": override.end_time,
            "breaks": [tuple(pair) for pair in override.breaks],
            "note": override.note,
        }


class ClearDayForm(forms.Form):
    date = forms.DateField()


class TimeOffForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=TimeOff.Kind.choices,
        initial=TimeOff.Kind.VACATION,
        widget=forms.RadioSelect,
    )
    start_date = forms.DateField(label=_("First day"), widget=date_input())
    end_date = forms.DateField(label=_("Last day"), widget=date_input())
    note = forms.CharField(label=_("Note"), required=False, max_length=200)
