"""Additional fields in the settings: the chain's own fields on bookings and client cards.

List both kinds on one page; create one (its key and kind are fixed from then on, because
values are stored under the key), change its label, choices, whether it is required and its
place, and deactivate or reactivate it. Thin views: the rules live in clients.services.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from salonbook.accounts.permissions import require
from salonbook.clients import selectors, services
from salonbook.clients.field_keys import KEY_LENGTH, LATIN_LETTERS, suggest_key
from salonbook.clients.models import AdditionalField
from salonbook.errors import DomainError
from salonbook.web.pages import actor_of, page, show_domain_errors
from salonbook.web.settings_forms import saved, sort_order_field

MANAGE = "settings.manage"

APPLIES_TO: dict[str, Promise] = {
    AdditionalField.AppliesTo.BOOKING: gettext_lazy("Bookings"),
    AdditionalField.AppliesTo.CLIENT: gettext_lazy("Client cards"),
}
KINDS: dict[str, Promise] = {
    AdditionalField.Kind.TEXT: gettext_lazy("Text"),
    AdditionalField.Kind.NUMBER: gettext_lazy("Number"),
    AdditionalField.Kind.DATE: gettext_lazy("Date"),
    AdditionalField.Kind.CHOICE: gettext_lazy("Choice from a list"),
    AdditionalField.Kind.YES_NO: gettext_lazy("Yes / no"),
}


class ChoicesField(forms.CharField):
    """The choices of a choice field, one per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value


def _choices_field() -> ChoicesField:
    return ChoicesField(
        label=gettext_lazy("Choices"),
        required=False,
        max_length=5000,
        help_text=gettext_lazy("One per line; only for a choice from a list."),
    )


class NewFieldForm(forms.Form):
    applies_to = forms.ChoiceField(
        label=gettext_lazy("For"),
        choices=list(APPLIES_TO.items()),
        initial=AdditionalField.AppliesTo.BOOKING,
        widget=forms.RadioSelect,
    )
    label = forms.CharField(label=gettext_lazy("Label"), max_length=100)
    key = forms.RegexField(
        label=gettext_lazy("Key"),
        regex=r"^[a-z0-9_-]{1,50}$",
        max_length=KEY_LENGTH,
        # Left empty, it is made from the label (as the page suggests while one types).
        required=False,
        help_text=gettext_lazy(
            "Small Latin letters, digits, - and _. Integrations see it; it cannot be changed."
        ),
        error_messages={"invalid": gettext_lazy("Use small Latin letters, digits, - and _.")},
        widget=forms.TextInput(attrs={"autocapitalize": "off", "spellcheck": "false"}),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), choices=list(KINDS.items()), initial="text"
    )
    choices = _choices_field()
    required = forms.BooleanField(label=gettext_lazy("Required"), required=False)
    sort_order = sort_order_field(gettext_lazy("Smaller numbers come first in the form."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("key") or "key" in self.errors or not data.get("label"):
            return data
        data["key"] = suggest_key(data["label"])
        if not data["key"]:
            self.add_error(
                "key",
                gettext_lazy(
                    "No key can be made from this label: type one with small Latin letters, "
                    "digits, - and _."
                ),
            )
        return data


class EditFieldForm(forms.Form):
    label = forms.CharField(label=gettext_lazy("Label"), max_length=100)
    choices = _choices_field()
    required = forms.BooleanField(label=gettext_lazy("Required"), required=False)
    sort_order = sort_order_field(gettext_lazy("Smaller numbers come first in the form."))


EDITABLE = ["label", "choices", "required", "sort_order"]


def _described(definition: AdditionalField) -> dict[str, Any]:
    return {"field": definition, "kind": KINDS.get(definition.kind, definition.kind)}


@page
def field_list(request: HttpRequest) -> HttpResponse:
    """Every additional field, deactivated ones too: those for bookings, then for clients."""
    actor = actor_of(request)
    definitions = list(selectors.additional_field_list(actor=actor))
    # Not "sections": that name is the app shell's (which tabs to show).
    lists = [
        {
            "applies_to": applies_to,
            "title": title,
            "fields": [_described(d) for d in definitions if d.applies_to == applies_to],
        }
        for applies_to, title in APPLIES_TO.items()
    ]
    return render(request, "clients/settings/fields.html", {"lists": lists})


@page
def field_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require(actor, MANAGE)
    if request.method == "POST":
        form = NewFieldForm(request.POST)
        if form.is_valid():
            try:
                definition = services.create_additional_field(actor=actor, **form.cleaned_data)
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                message = _("Field “%(label)s” was created.") % {"label": definition.label}
                return saved(request, message, reverse("additional-fields:list"))
        return _new_page(request, form, status=422)
    wanted = request.GET.get("for")
    initial = {"applies_to": wanted} if wanted in APPLIES_TO else {}
    return _new_page(request, NewFieldForm(initial=initial))


def _new_page(request: HttpRequest, form: NewFieldForm, status: int = 200) -> HttpResponse:
    # The page suggests the key as the label is typed, with the same letters as suggest_key.
    context = {"form": form, "latin_letters": LATIN_LETTERS}
    return render(request, "clients/settings/field_new.html", context, status=status)


def _edit_page(
    request: HttpRequest, form: EditFieldForm, definition: AdditionalField, status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "definition": definition,
        "kind": KINDS.get(definition.kind, definition.kind),
        "applies_to": APPLIES_TO.get(definition.applies_to, definition.applies_to),
        "is_choice": definition.kind == AdditionalField.Kind.CHOICE,
    }
    return render(request, "clients/settings/field_edit.html", context, status=status)


@page
def field_edit(request: HttpRequest, field_id: int) -> HttpResponse:
    actor = actor_of(request)
    definition = selectors.visible_additional_field(actor=actor, field_id=field_id)
    if request.method == "POST":
        form = EditFieldForm(request.POST)
        if form.is_valid():
            changed = {
                name: form.cleaned_data[name]
                for name in EDITABLE
                if getattr(definition, name) != form.cleaned_data[name]
            }
            try:
                if changed:
                    services.update_additional_field(actor=actor, field_id=definition.pk, **changed)
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                message = _("Field “%(label)s” was saved.") % {"label": form.cleaned_data["label"]}
                if not changed:
                    message = _("Nothing was changed.")
                return saved(request, message, reverse("additional-fields:list"))
        return _edit_page(request, form, definition, status=422)
    form = EditFieldForm(initial={name: getattr(definition, name) for name in EDITABLE})
    return _edit_page(request, form, definition)


@page
@require_POST
def field_active(request: HttpRequest, field_id: int) -> HttpResponse:
    """Deactivate a field (it leaves the forms; stored values stay), or bring it back."""
    actor = actor_of(request)
    definition = selectors.visible_additional_field(actor=actor, field_id=field_id)
    active = request.POST.get("is_active") == "1"
    services.update_additional_field(actor=actor, field_id=definition.pk, is_active=active)
    if active:
        message = _("Field “%(label)s” is back in the forms.")
    else:
        message = _("Field “%(label)s” was deactivated; the values already given stay.")
    return saved(request, message % {"label": definition.label}, reverse("additional-fields:list"))
