"""Forms of the stock settings pages: shapes only; inventory.services holds the rules (and
refuses a write-off below zero), and its refusals are put back on these forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from salonbook.catalog.forms import ProductOption, ProductRowsField


class StorageForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("of a thing", "Name"), max_length=100)


class StorageEditForm(StorageForm):
    is_active = forms.BooleanField(
        label=_("Open"),
        required=False,
        help_text=_(
            "Nothing is received into a closed storage or taken from it; its stock and "
            "history stay."
        ),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class _LinesForm(forms.Form):
    def __init__(self, *args: Any, options: list[ProductOption], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["lines"]
        assert isinstance(field, ProductRowsField)
        field.options = options


class ReceiptForm(_LinesForm):
    lines = ProductRowsField(label=_("Products received"), with_cost=True, required=True)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        help_text=_("The supplier, an invoice number..."),
    )


class WriteOffForm(_LinesForm):
    lines = ProductRowsField(label=_("Products written off"), required=True)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("Damaged, expired, used in the salon..."),
    )
