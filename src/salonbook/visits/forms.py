"""The visit's forms on the pages: a service line, a service to add, a payment, and its goods
(a consumable added, changed or taken from a bill of materials; a product or a membership or
gift card sold).

They check shapes only (a quantity is a whole number, an amount a number in the page's
language); what is allowed - the discount's bounds, what a staff member performs, what is
due - stays in the services, whose refusals the views put back on these forms.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salonbook.catalog.forms import quantity_input
from salonbook.checkout.pricing import DiscountKind
from salonbook.errors import DomainError, Invalid
from salonbook.web.pages import show_domain_errors
from salonbook.web.settings_forms import money_field

# As the API takes them (visits.schemas): one to 99 of a service.
MAX_QUANTITY = 99


def quantity_field(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Quantity"),
        min_value=1,
        max_value=MAX_QUANTITY,
        initial=1,
        widget=forms.NumberInput(
            # x-ref: the field's - and + buttons step it (visits/_quantity.html).
            attrs={"inputmode": "numeric", "min": 1, "max": MAX_QUANTITY, "step": 1, "x-ref": "qty"}
        ),
        **kwargs,
    )


def discount_value_field() -> forms.DecimalField:
    return money_field(label=_("Discount"), required=False)


def discount_kind_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        required=False,
        choices=[(DiscountKind.PERCENT, "%"), (DiscountKind.AMOUNT, _("Amount"))],
    )


def id_field(label: Any, *, required: bool = True, **kwargs: Any) -> forms.IntegerField:
    """An id as posted by a radio or a select: its list decides what may be chosen."""
    return forms.IntegerField(
        label=label, required=required, min_value=0, max_value=2**63 - 1, **kwargs
    )


class LineForm(forms.Form):
    """A service line's quantity, price and discount (a percent or an amount)."""

    quantity = quantity_field()
    price = money_field(label=_("Price"))
    discount_value = discount_value_field()
    discount_kind = discount_kind_field()

    @classmethod
    def for_line(cls, line: dict[str, Any], **kwargs: Any) -> LineForm:
        """The form as a line stands (`visits.selectors.visit_detail`'s line)."""
        kind = line["discount_kind"] or DiscountKind.PERCENT
        value = line["discount_value"] if line["discount_kind"] else None
        if kind == DiscountKind.PERCENT and value is not None and value == value.to_integral():
            value = value.quantize(Decimal(1))  # 10 %, not 10.00 %
        initial = {
            "quantity": line["quantity"],
            "price": line["price"],
            "discount_value": value,
            "discount_kind": kind,
        }
        return cls(initial=initial, **kwargs)

    def arguments(self) -> dict[str, Any]:
        """visits.line_services.change_service_line's keyword arguments; no discount is ""."""
        data = self.cleaned_data
        return {"quantity": data["quantity"], "price": data["price"], **discount_arguments(data)}


def discount_arguments(data: dict[str, Any]) -> dict[str, Any]:
    """The discount as the services take it: a value and its kind, "" when there is none."""
    value = data["discount_value"] or Decimal(0)
    kind = (data["discount_kind"] or DiscountKind.PERCENT) if value else DiscountKind.NONE
    return {"discount_kind": kind, "discount_value": value}


class AddServiceForm(forms.Form):
    service_id = forms.IntegerField(
        label=_("Service"),
        min_value=0,
        max_value=2**63 - 1,
        error_messages={"required": _("Choose a service.")},
        widget=forms.RadioSelect,
    )
    quantity = quantity_field(required=False)  # one, unless said otherwise

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"service_id": data["service_id"], "quantity": data["quantity"] or 1}


class PaymentForm(forms.Form):
    """A payment: the quick buttons send a method only (everything due); the split form an
    amount, a method and, for a visit with a client, whether an excess is kept as a deposit."""

    method_id = forms.IntegerField(
        label=_("Payment method"),
        min_value=0,
        max_value=2**63 - 1,
        error_messages={"required": _("Choose a payment method.")},
    )
    amount = money_field(label=_("Amount"), required=False)
    keep_excess_as_deposit = forms.BooleanField(
        label=_("Keep the rest as the client's deposit"), required=False
    )
    expected_due = forms.DecimalField(
        required=False, max_digits=12, decimal_places=2, widget=forms.HiddenInput
    )

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "method_id": data["method_id"],
            "amount": data["amount"],
            "keep_excess_as_deposit": data["keep_excess_as_deposit"],
            "expected_due": data["expected_due"],
        }


# --- goods: consumables and sales -----------------------------------------------------------


def amount_of_stock_field(**kwargs: Any) -> forms.DecimalField:
    """A quantity in a product's unit (30 ml, 1.5 g), in the page's language; the services
    say whether it is above zero and not too large."""
    return forms.DecimalField(
        label=_("Quantity"),
        max_digits=12,
        decimal_places=3,
        localize=True,
        error_messages={"required": _("Enter the quantity.")},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        **kwargs,
    )


def storage_field() -> forms.IntegerField:
    """The storage goods come from; none posted means the location's first one."""
    return id_field(_("Storage"), required=False)


class ConsumableForm(forms.Form):
    """ "Add a consumable": one from the list, how much of it and from which storage."""

    product_id = id_field(
        _("Consumable"),
        error_messages={"required": _("Choose a consumable.")},
        widget=forms.RadioSelect,
    )
    quantity = amount_of_stock_field()
    storage_id = storage_field()

    def arguments(self) -> dict[str, Any]:
        """checkout.consumables.add_consumable's keyword arguments."""
        data = self.cleaned_data
        return {
            "product_id": data["product_id"],
            "quantity": data["quantity"],
            "storage_id": data["storage_id"],
        }


class ConsumableChangeForm(forms.Form):
    """A consumable of the visit: its quantity and its storage."""

    quantity = amount_of_stock_field()
    storage_id = storage_field()

    @classmethod
    def for_item(cls, item: dict[str, Any], **kwargs: Any) -> ConsumableChangeForm:
        """The form as a consumable stands (`visits.selectors.visit_detail`'s item)."""
        initial = {"quantity": quantity_input(item["quantity"]), "storage_id": item["storage_id"]}
        return cls(initial=initial, **kwargs)

    def arguments(self) -> dict[str, Any]:
        """checkout.consumables.change_consumable's keyword arguments."""
        return {
            "quantity": self.cleaned_data["quantity"],
            "storage_id": self.cleaned_data["storage_id"],
        }


class BillOfMaterialsForm(forms.Form):
    """ "Apply bill of materials": which service of the visit, and from which storage."""

    line_id = id_field(_("Service"), error_messages={"required": _("Choose a service.")})
    storage_id = storage_field()

    def arguments(self) -> dict[str, Any]:
        """checkout.consumables.apply_bill_of_materials's keyword arguments."""
        data = self.cleaned_data
        return {"line_id": data["line_id"], "storage_id": data["storage_id"]}


class SaleForm(forms.Form):
    """ "+ Add sale": a product from the list ("Add a product"), or a membership or gift card
    with its code ("Sell membership/gift card"); either at its own price unless one is typed,
    with a discount, sold by a staff member. `selling` says which the form was posted for."""

    PRODUCT = "product"
    CERTIFICATE = "certificate"

    code = forms.CharField(
        label=_("Membership/gift card code"),
        required=False,
        max_length=64,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    type_id = id_field(_("Membership or gift card"), required=False)
    product_id = id_field(_("Product"), required=False, widget=forms.RadioSelect)
    quantity = quantity_field(required=False)  # one, unless said otherwise
    price = money_field(label=_("Price"), required=False, attrs={"x-ref": "price"})
    discount_value = discount_value_field()
    discount_kind = discount_kind_field()
    seller_id = id_field(_("Seller"), required=False)
    storage_id = storage_field()

    def __init__(self, *args: Any, selling: str = PRODUCT, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.selling = selling

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        wanted = {
            self.PRODUCT: ("product_id", _("Choose a product.")),
            self.CERTIFICATE: ("type_id", _("Choose a membership or gift card.")),
        }
        name, message = wanted[self.selling]
        if data.get(name) is None and name not in self.errors:
            self.add_error(name, message)
        return data

    def _common(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"price": data["price"], "seller_id": data["seller_id"], **discount_arguments(data)}

    def product_arguments(self) -> dict[str, Any]:
        """checkout.sales.sell_product's keyword arguments."""
        data = self.cleaned_data
        return {
            "product_id": data["product_id"],
            "quantity": data["quantity"] or 1,
            "storage_id": data["storage_id"],
            **self._common(),
        }

    def certificate_arguments(self) -> dict[str, Any]:
        """checkout.sales.sell_certificate's keyword arguments; no code: a generated one."""
        data = self.cleaned_data
        return {"type_id": data["type_id"], "code": data["code"].strip() or None, **self._common()}


def show_refusal(form: forms.Form, exc: DomainError) -> None:
    """A service's refusal on the form: "services.0.price" lands on `price`, the rest on top."""
    renames = (
        {name: name.rsplit(".", 1)[-1] for name in exc.errors} if isinstance(exc, Invalid) else None
    )
    show_domain_errors(form, exc, renames)
