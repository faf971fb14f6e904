"""Forms of the service settings pages: shapes only; catalog.services holds the rules and
names the fields a service has (`SERVICE_FIELDS`), which the views read these forms by."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from salonbook.catalog.models import ServiceCategory
from salonbook.web.settings_forms import money_field, sort_order_field


class ServiceForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("of a thing", "Name"), max_length=200)
    category_id = forms.TypedChoiceField(
        label=_("Category"), coerce=int, required=False, empty_value=None
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration, min"),
        min_value=5,
        max_value=24 * 60,
        widget=forms.NumberInput(attrs={"step": 5, "inputmode": "numeric"}),
    )
    price = money_field(label=_("Price"))
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_("An inactive service cannot be booked; bookings made before keep it."),
    )
    sort_order = sort_order_field()
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, categories: list[ServiceCategory], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category_id"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *((c.pk, c.name) for c in categories)]


class CategoryForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("of a thing", "Name"), max_length=150)
    sort_order = sort_order_field()
