"""The client card's form, and the additional fields as form fields (the booking form's too).

Forms check shapes only; the rules (a phone already in the base, a date of birth to come,
values of additional fields) stay in clients.services, whose refusals the view puts back here.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salonbook.clients.models import (
    CARD_FIELD_NAMES,
    AdditionalField,
    Client,
    Gender,
    Importance,
)

FIELD_PREFIX = "field_"


def additional_form_field(definition: AdditionalField) -> forms.Field:
    """The form field of an additional field; required ones are marked, the service checks."""
    label = definition.label + (" *" if definition.required else "")
    kind = definition.kind
    if kind == AdditionalField.Kind.NUMBER:
        return forms.DecimalField(label=label, required=False)
    if kind == AdditionalField.Kind.DATE:
        return forms.DateField(
            label=label,
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        )
    if kind == AdditionalField.Kind.CHOICE:
        choices = [("", "—")] + [(c, c) for c in definition.choices]
        return forms.ChoiceField(label=label, required=False, choices=choices)
    if kind == AdditionalField.Kind.YES_NO:
        return forms.BooleanField(label=definition.label, required=False)
    return forms.CharField(label=label, required=False, max_length=500)


def additional_values(
    cleaned_data: dict[str, Any], definitions: list[AdditionalField]
) -> dict[str, Any]:
    """What the form holds for the additional fields, as the services take `field_values`."""
    values: dict[str, Any] = {}
    for definition in definitions:
        value = cleaned_data.get(FIELD_PREFIX + definition.key)
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, date):
            value = value.isoformat()
        if definition.kind == AdditionalField.Kind.YES_NO:
            value = bool(value)
        if value not in (None, ""):
            values[definition.key] = value
    return values


class ClientForm(forms.Form):
    """Customer details: the card, its additional fields and the SMS consents."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), max_length=200)
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    gender = forms.ChoiceField(label=_("Gender"), required=False, choices=Gender.choices)
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    card_number = forms.CharField(label=_("Card number"), required=False, max_length=40)
    importance = forms.ChoiceField(
        label=_("Importance class"), required=False, choices=Importance.choices
    )
    prediscount = forms.DecimalField(
        label=_("Prediscount, %"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        help_text=_("Taken off the services and goods of this client's new visits."),
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    sms_birthday = forms.BooleanField(label=_("Birthday greeting by SMS"), required=False)
    sms_excluded = forms.BooleanField(label=_("Exclude from SMS mailings"), required=False)

    def __init__(
        self,
        *args: Any,
        extra_fields: list[AdditionalField],
        shows_phone: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.extra_fields = extra_fields
        if not shows_phone:
            # A masked number must not come back as the client's new one.
            del self.fields["phone"]
        for definition in extra_fields:
            self.fields[FIELD_PREFIX + definition.key] = additional_form_field(definition)

    @classmethod
    def initial_for(
        cls, client: Client, extra_fields: list[AdditionalField], *, shown_name: str
    ) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(client, name) for name in CARD_FIELD_NAMES}
        initial["name"] = shown_name
        initial["version"] = client.version
        initial["prediscount"] = client.prediscount or None
        for definition in extra_fields:
            initial[FIELD_PREFIX + definition.key] = client.field_values.get(definition.key)
        return initial

    def extra_bound_fields(self) -> list[forms.BoundField]:
        return [self[FIELD_PREFIX + d.key] for d in self.extra_fields]

    def error_fields(self) -> dict[str, str]:
        """Where the service's field names land on this form."""
        return {f"field_values.{d.key}": FIELD_PREFIX + d.key for d in self.extra_fields}

    def arguments(self) -> dict[str, Any]:
        """clients.services.create_client's keyword arguments."""
        data = self.cleaned_data
        arguments = {name: data[name] for name in CARD_FIELD_NAMES if name in self.fields}
        arguments["prediscount"] = data["prediscount"] or Decimal(0)
        arguments["email"] = data["email"] or ""
        arguments["field_values"] = additional_values(data, self.extra_fields)
        return arguments

    def changes(self, client: Client, *, shown_name: str) -> dict[str, Any]:
        """clients.services.update_client's changes: only what differs from the card, so a
        form left open does not put back what someone else changed meanwhile. `shown_name` is
        the name as the form showed it (a card named by its number shows it masked to some)."""
        arguments = self.arguments()
        # A textarea sends its lines back with \r\n.
        arguments["comment"] = arguments["comment"].replace("\r\n", "\n")
        changes = {
            name: value
            for name, value in arguments.items()
            if name not in {"phone", "name"} and value != getattr(client, name)
        }
        if arguments["name"] != shown_name:
            changes["name"] = arguments["name"]
        if "phone" in self.fields:
            typed = self.cleaned_data["phone"].strip()
            # The service reads and checks the number; the form only tells whether it changed.
            if re.sub(r"[^\d+]", "", typed) != client.phone:
                changes["phone"] = typed
        if "field_values" in changes:
            # Values of fields since deactivated are not on the form (the service keeps them);
            # a yes/no field never set reads as "no".
            unset_no = {
                d.key: False
                for d in self.extra_fields
                if d.kind == AdditionalField.Kind.YES_NO and d.key not in client.field_values
            }
            shown = {d.key for d in self.extra_fields}
            current = {k: v for k, v in client.field_values.items() if k in shown}
            if changes["field_values"] == {**unset_no, **current}:
                del changes["field_values"]
        return changes
