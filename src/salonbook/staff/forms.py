"""Forms of the staff settings pages: they parse shapes; staff.services holds the rules (and
names a staff card's fields, `STAFF_FIELDS`) and its refusals are put back on these forms. The
services a staff member performs have their form in catalog.forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salonbook.staff.models import Position
from salonbook.tenancy.models import Location
from salonbook.web.settings_forms import ColorField, sort_order_field


class StaffForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    location_id = forms.TypedChoiceField(label=_("Location"), coerce=int)
    position_id = forms.TypedChoiceField(
        label=_("Position"), coerce=int, required=False, empty_value=None
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    color = ColorField(label=_("Colour"))
    sort_order = sort_order_field(_("Smaller numbers come first in the calendar."))
    is_active = forms.BooleanField(
        label=_("Works here"),
        required=False,
        initial=True,
        help_text=_("Dismissed staff leave the calendar; their bookings stay in the history."),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, locations: list[Location], positions: list[Position], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._set_choices("location_id", [(loc.pk, loc.name) for loc in locations])
        self._set_choices("position_id", [("", "—"), *((p.pk, p.name) for p in positions)])

    def _set_choices(self, name: str, choices: list[tuple[Any, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


class PositionForm(forms.Form):
    name = forms.CharField(label=_("Position"), max_length=100)
