"""The form of the membership and gift card settings pages: shapes only; loyalty.services holds
the rules and names the fields a type has (`TYPE_FIELDS`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from salonbook.catalog.models import Service
from salonbook.loyalty.models import MAX_VALIDITY_DAYS, MAX_VISITS, CertificateType
from salonbook.web.settings_forms import money_field, sort_order_field

KINDS: list[tuple[str, Any]] = [
    (CertificateType.Kind.MEMBERSHIP, _("Membership")),
    (CertificateType.Kind.GIFT_CARD, _("Gift card")),
]


class CertificateTypeForm(forms.Form):
    """A membership or gift card type. The kind is asked only when one is created
    (`with_kind`); on an existing type it is shown, not edited."""

    kind = forms.ChoiceField(
        label=_("Kind"), choices=KINDS, initial=KINDS[0][0], widget=forms.RadioSelect
    )
    name = forms.CharField(label=pgettext_lazy("of a thing", "Name"), max_length=200)
    price = money_field(label=_("Price"), help_text=_("What the client pays for it."))
    face_value = money_field(
        label=_("Face value"),
        required=False,
        help_text=_("What the gift card is worth; it may differ from the price (pay 90, get 100)."),
    )
    visits = forms.IntegerField(
        label=_("Number of visits"),
        required=False,
        min_value=1,
        max_value=MAX_VISITS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    service_ids = forms.TypedMultipleChoiceField(
        label=_("Services"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick none for a membership good for any service."),
    )
    validity_days = forms.IntegerField(
        label=_("Validity, days"),
        required=False,
        min_value=1,
        max_value=MAX_VALIDITY_DAYS,
        help_text=_("Counted from the day it is sold. Leave empty for no expiry."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    is_active = forms.BooleanField(
        label=_("On sale"),
        required=False,
        initial=True,
        help_text=_("Taken off sale, it cannot be sold; those already sold stay valid."),
    )
    sort_order = sort_order_field()
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, services: list[Service], kind: str | None = None, **kwargs: Any
    ) -> None:
        """`kind`: the kind of the type being edited (the field is then left out)."""
        super().__init__(*args, **kwargs)
        self.fixed_kind = kind
        if kind is not None:
            del self.fields["kind"]
        field = self.fields["service_ids"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s.pk, s.name) for s in services]
        self._categories = {s.pk: s.category.name if s.category else "" for s in services}

    def service_groups(self) -> list[tuple[str, list[Any]]]:
        """The service checkboxes under their category names, in the order given."""
        groups: list[tuple[str, list[Any]]] = []
        for option in self["service_ids"]:
            category = self._categories.get(int(option.data["value"]), "")
            if not groups or groups[-1][0] != category:
                groups.append((category, []))
            groups[-1][1].append(option)
        return groups

    def chosen_kind(self) -> str:
        """The kind the form is about: fixed, posted, or the default."""
        if self.fixed_kind is not None:
            return self.fixed_kind
        value = self["kind"].value()
        return value if value in dict(KINDS) else str(KINDS[0][0])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The page hides the inputs of the other kind; what they still hold is not sent on.
        kind = data.get("kind") or self.fixed_kind
        if kind == CertificateType.Kind.GIFT_CARD:
            data["visits"] = None
            data["service_ids"] = []
        elif kind == CertificateType.Kind.MEMBERSHIP:
            data["face_value"] = None
        return data
