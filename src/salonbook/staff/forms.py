"""Forms of the staff settings pages: they parse shapes; staff.services and catalog.services
hold the rules (and name a staff card's fields, `STAFF_FIELDS`) and their refusals are put back
on these forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from salonbook.catalog.models import Service, StaffService
from salonbook.catalog.services import StaffServiceTerms
from salonbook.staff.models import Position
from salonbook.tenancy.models import Location
from salonbook.web.settings_forms import ColorField, money_field, sort_order_field


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


class StaffServicesForm(forms.Form):
    """One row per service: performs it or not, with their own price and duration if set.

    Fields are named per service id: `s<id>` (performs), `p<id>` (price), `d<id>` (minutes).
    """

    def __init__(
        self,
        *args: Any,
        services: list[Service],
        links: dict[int, StaffService] | None = None,
        **kwargs: Any,
    ) -> None:
        links = links or {}
        initial = kwargs.setdefault("initial", {})
        for service_id, link in links.items():
            initial[f"s{service_id}"] = True
            initial[f"p{service_id}"] = link.price
            initial[f"d{service_id}"] = link.duration_minutes
        super().__init__(*args, **kwargs)
        self.services = services
        for service in services:
            sid = service.pk
            self.fields[f"s{sid}"] = forms.BooleanField(label=service.name, required=False)
            self.fields[f"p{sid}"] = money_field(
                label=_("Own price"),
                required=False,
                # The service's price, written as the page's language writes it (110,50).
                attrs={"placeholder": formats.localize_input(service.price)},
            )
            self.fields[f"d{sid}"] = forms.IntegerField(
                label=_("Own duration, min"),
                required=False,
                min_value=5,
                max_value=24 * 60,
                widget=forms.NumberInput(
                    attrs={
                        "step": 5,
                        "inputmode": "numeric",
                        "placeholder": service.duration_minutes,
                    }
                ),
            )

    def rows(self) -> list[dict[str, Any]]:
        """What the template draws for each service."""
        return [
            {
                "service": s,
                "performs": self[f"s{s.pk}"],
                "price": self[f"p{s.pk}"],
                "duration": self[f"d{s.pk}"],
            }
            for s in self.services
        ]

    def terms(self) -> list[StaffServiceTerms]:
        data = self.cleaned_data
        return [
            StaffServiceTerms(
                service_id=s.pk,
                price=data.get(f"p{s.pk}"),
                duration_minutes=data.get(f"d{s.pk}"),
            )
            for s in self.services
            if data.get(f"s{s.pk}")
        ]

    def error_map(self) -> dict[str, str]:
        """The service names a row by its place in the list it was given."""
        mapping: dict[str, str] = {}
        for i, term in enumerate(self.terms()):
            mapping[f"services.{i}.price"] = f"p{term.service_id}"
            mapping[f"services.{i}.duration_minutes"] = f"d{term.service_id}"
        return mapping
