"""The booking form of the pages: parses what a person typed into a service call's arguments.

It checks shapes only (a date is a date, a duration a number). Every rule - who performs what,
overlaps, working hours, required additional fields - stays in visits.services, whose
refusals the view puts back on this form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from salonbook.bookings.models import Booking, BookingService
from salonbook.bookings.rules import FIRST_DAY, LAST_DAY
from salonbook.catalog.models import Service, StaffService
from salonbook.clients.forms import FIELD_PREFIX, additional_form_field, additional_values
from salonbook.clients.models import AdditionalField
from salonbook.staff.models import StaffMember
from salonbook.visits.clients import NewClient
from salonbook.visits.lines import ServiceRequest
from salonbook.web.settings_forms import PALETTE


@dataclass(frozen=True)
class Offer:
    """A service the form offers, with the price and duration it would be booked at."""

    service: Service
    effective_price: Decimal
    effective_duration: int

    @property
    def service_id(self) -> int:
        return self.service.pk

    @classmethod
    def from_link(cls, link: StaffService) -> Offer:
        return cls(link.service, link.effective_price, link.effective_duration)

    @classmethod
    def from_line(cls, line: BookingService) -> Offer:
        return cls(line.service, line.price, line.duration_minutes)


# Where a service's field names land on this form.
ERROR_FIELDS = {
    "start": "time",
    "end": "duration_minutes",
    "duration_minutes": "duration_minutes",
    "staff_id": "staff_id",
    "services": "services",
    "client_id": "client_id",
    "new_client.phone": "new_client_phone",
    "new_client.name": "new_client_name",
    "new_client.email": "new_client_email",
    "category_id": "category_id",
    "color": "color",
    "comment": "comment",
}


class BookingForm(forms.Form):
    client_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    new_client_phone = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    new_client_name = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    new_client_email = forms.EmailField(required=False, widget=forms.HiddenInput)
    services = forms.TypedMultipleChoiceField(
        label=_("Services"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one service.")},
    )
    staff_id = forms.TypedChoiceField(label=_("Staff member"), coerce=int)
    # Date and time inputs need ISO values whatever the page's language.
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[MinValueValidator(FIRST_DAY), MaxValueValidator(LAST_DAY)],
    )
    time = forms.TimeField(
        label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration, min"),
        min_value=5,
        max_value=24 * 60,
        widget=forms.NumberInput(attrs={"step": 5, "inputmode": "numeric"}),
    )
    color = forms.ChoiceField(
        label=_("Color"),
        required=False,
        choices=[("", _("None"))] + [(c, c) for c in PALETTE],
        widget=forms.RadioSelect,
    )
    category_id = forms.TypedChoiceField(
        label=_("Booking category"), coerce=int, required=False, empty_value=None
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    override_hours = forms.BooleanField(
        label=_("Book outside working hours"),
        required=False,
        help_text=_("Only for people whose role allows it."),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        staff: list[StaffMember],
        offered: list[Offer],
        categories: list[tuple[int, str]],
        extra_fields: list[AdditionalField],
        step_minutes: int = 15,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.offered = offered
        self.extra_fields = extra_fields
        self._choices("staff_id", [(s.pk, s.name) for s in staff])
        self._choices("services", [(link.service_id, link.service.name) for link in offered])
        self._choices("category_id", [("", "—"), *categories])
        self.fields["time"].widget.attrs["step"] = step_minutes * 60
        for definition in extra_fields:
            self.fields[FIELD_PREFIX + definition.key] = additional_form_field(definition)

    def _choices(self, name: str, choices: list[tuple[Any, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    # -- what the template needs -----------------------------------------------------------
    def extra_field_names(self) -> list[str]:
        return [FIELD_PREFIX + d.key for d in self.extra_fields]

    def extra_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.extra_field_names()]

    def error_map(self) -> dict[str, str]:
        fields = {f"field_values.{d.key}": FIELD_PREFIX + d.key for d in self.extra_fields}
        return {**ERROR_FIELDS, **fields}

    # -- what the service needs ------------------------------------------------------------
    def start(self) -> datetime:
        """Wall-clock start; the service reads it in the location's zone."""
        return datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])

    def end(self) -> datetime:
        return self.start() + timedelta(minutes=self.cleaned_data["duration_minutes"])

    def field_values(self) -> dict[str, Any]:
        return additional_values(self.cleaned_data, self.extra_fields)

    def new_client(self) -> NewClient | None:
        phone = self.cleaned_data.get("new_client_phone") or ""
        if not phone or self.cleaned_data.get("client_id"):
            return None
        return NewClient(
            phone=phone,
            name=self.cleaned_data.get("new_client_name") or "",
            email=self.cleaned_data.get("new_client_email") or "",
        )

    def service_requests(self) -> list[ServiceRequest]:
        """The chosen services; those already in a booking keep their terms (a service rule)."""
        return [ServiceRequest(service_id=sid) for sid in self.cleaned_data["services"]]

    def create_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "staff_id": data["staff_id"],
            "start": self.start(),
            "end": self.end(),
            "services": self.service_requests(),
            "client_id": data.get("client_id"),
            "new_client": self.new_client(),
            "color": data.get("color") or "",
            "category_id": data.get("category_id"),
            "field_values": self.field_values(),
            "comment": data.get("comment") or "",
            "override_hours": bool(data.get("override_hours")),
        }

    def update_arguments(self, booking: Booking, tz: Any) -> dict[str, Any]:
        """Only what differs from `booking`: an edit of the comment touches nothing else."""
        data = self.cleaned_data
        changes: dict[str, Any] = {}
        if data["staff_id"] != booking.staff_id:
            changes["staff_id"] = data["staff_id"]
        service_ids = [line.service_id for line in booking.services.all()]
        if sorted(data["services"]) != sorted(service_ids):
            changes["services"] = self.service_requests()
        changes.update(self._time_changes(booking, tz, services_changed="services" in changes))
        new_client = self.new_client()
        if new_client is not None:
            changes["new_client"] = new_client
        elif data.get("client_id") != booking.client_id:
            changes["client_id"] = data.get("client_id")
        changes.update(self._detail_changes(booking))
        if data.get("override_hours"):
            changes["override_hours"] = True
        return changes

    def _time_changes(self, booking: Booking, tz: Any, *, services_changed: bool) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        local_start = booking.start_at.astimezone(tz).replace(tzinfo=None)
        if self.start() != local_start:
            changes["start"] = self.start()
        current_minutes = int((booking.end_at - booking.start_at).total_seconds() // 60)
        if self.cleaned_data["duration_minutes"] != current_minutes or services_changed:
            changes["end"] = self.end()
        return changes

    def _detail_changes(self, booking: Booking) -> dict[str, Any]:
        data = self.cleaned_data
        changes: dict[str, Any] = {}
        if (data.get("color") or "") != booking.color:
            changes["color"] = data.get("color") or ""
        if data.get("category_id") != booking.category_id:
            changes["category_id"] = data.get("category_id")
        if (data.get("comment") or "") != booking.comment:
            changes["comment"] = data.get("comment") or ""
        values = self.field_values()
        if values != booking.field_values:
            changes["field_values"] = values
        return changes
