"""Forms of the catalogue's settings pages: shapes only; catalog.services holds the rules and
names the fields a service and a product have (`SERVICE_FIELDS`, `PRODUCT_FIELDS`), which the
views read these forms by. `ProductRowsField` (rows of product and quantity, with a cost when
asked) serves the bill of materials here and the stock receipt and write-off forms;
`StaffServicesForm` the services a staff member performs."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import zip_longest
from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from salonbook.catalog.models import Product, Service, ServiceCategory, StaffService
from salonbook.catalog.services import StaffServiceTerms
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


class ProductForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("of a thing", "Name"), max_length=200)
    sku = forms.CharField(label=_("SKU"), required=False, max_length=64)
    barcode = forms.CharField(
        label=_("Barcode"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=Product.Unit.choices)
    price = money_field(label=_("Sale price"))
    cost = money_field(label=_("Purchase cost"))
    for_sale = forms.BooleanField(label=_("For sale"), required=False, initial=True)
    is_consumable = forms.BooleanField(
        label=_("Consumable"),
        required=False,
        help_text=_("Used up in services: it can be put on a service's bill of materials."),
    )
    is_active = forms.BooleanField(
        label=pgettext_lazy("product", "Active"),
        required=False,
        initial=True,
        help_text=_("A withdrawn product is no longer sold or used; its stock and history stay."),
    )
    sort_order = sort_order_field()
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


def quantity_input(value: Decimal | None) -> str:
    """A quantity as an input shows it in the page's language: 60, 12,5 (not 60.000)."""
    if value is None:
        return ""
    return str(formats.localize_input(Decimal(format(value.normalize(), "f"))))


@dataclass(frozen=True)
class ProductOption:
    """A product offered in a row's list: its label may say more (e.g. what is in stock)."""

    id: int
    label: str
    unit: str
    cost: str = ""  # the product's cost as an input shows it, for a receipt's placeholder


@dataclass(frozen=True)
class ProductRow:
    product_id: int
    quantity: Decimal
    unit_cost: Decimal | None = None


class ProductRowsWidget(forms.Widget):
    """Rows posted as `<name>_product`, `<name>_quantity` and `<name>_cost`, in step."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[dict[str, str]]:
        if not hasattr(data, "getlist"):
            return []
        columns = [
            [v.strip() for v in data.getlist(f"{name}_{column}")]
            for column in ("product", "quantity", "cost")
        ]
        return [
            {"product": product, "quantity": quantity, "cost": cost}
            for product, quantity, cost in zip_longest(*columns, fillvalue="")
        ]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return not any(f"{name}_{column}" in data for column in ("product", "quantity", "cost"))


class ProductRowsField(forms.Field):
    """Rows of a product and a quantity (above zero, up to three decimals, in the page's
    language), and a unit cost when `with_cost`; empty rows are dropped. The rows come back
    as the widget posted them (`value()`), so a refused form shows them as typed."""

    widget = ProductRowsWidget

    def __init__(
        self, *, options: list[ProductOption] | None = None, with_cost: bool = False, **kwargs: Any
    ) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("error_messages", {"required": _("Add at least one product.")})
        super().__init__(**kwargs)
        self.options = options or []
        self.with_cost = with_cost
        self._quantity = forms.DecimalField(
            min_value=Decimal("0.001"), max_digits=12, decimal_places=3, localize=True
        )
        self._cost = money_field(required=False)

    def to_python(self, value: Any) -> list[ProductRow]:
        known = {option.id for option in self.options}
        rows, errors = [], []
        for n, raw in enumerate(value or [], start=1):
            if not any(raw.get(column) for column in ("product", "quantity", "cost")):
                continue
            try:
                product_id = int(raw.get("product") or "")
            except ValueError:
                product_id = 0
            if product_id not in known:
                errors.append(_("Line %(n)s: choose a product.") % {"n": n})
                continue
            try:
                quantity = self._quantity.clean(raw.get("quantity", ""))
                cost = self._cost.clean(raw.get("cost", "")) if self.with_cost else None
            except forms.ValidationError as exc:
                errors.extend(
                    _("Line %(n)s: %(message)s") % {"n": n, "message": m} for m in exc.messages
                )
                continue
            rows.append(ProductRow(product_id=product_id, quantity=quantity, unit_cost=cost))
        if errors:
            raise forms.ValidationError(errors)
        return rows


class BillOfMaterialsForm(forms.Form):
    items = ProductRowsField(label=_("Consumables"))

    def __init__(self, *args: Any, options: list[ProductOption], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["items"]
        assert isinstance(field, ProductRowsField)
        field.options = options


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
