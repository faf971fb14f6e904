"""The visit's forms on the pages: a service line, a service to add, a payment.

They check shapes only (a quantity is a whole number, an amount a number in the page's
language); what is allowed - the discount's bounds, what a staff member performs, what is
due - stays in checkout.services, whose refusals the views put back on these forms.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salonbook.checkout.pricing import DiscountKind
from salonbook.errors import DomainError, Invalid
from salonbook.web.pages import show_domain_errors
from salonbook.web.settings_forms import money_field

# As the API takes them (checkout.schemas): one to 99 of a service.
MAX_QUANTITY = 99


def quantity_field(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Quantity"),
        min_value=1,
        max_value=MAX_QUANTITY,
        initial=1,
        widget=forms.NumberInput(
            # x-ref: the field's - and + buttons step it (checkout/_quantity.html).
            attrs={"inputmode": "numeric", "min": 1, "max": MAX_QUANTITY, "step": 1, "x-ref": "qty"}
        ),
        **kwargs,
    )


class LineForm(forms.Form):
    """A service line's quantity, price and discount (a percent or an amount)."""

    quantity = quantity_field()
    price = money_field(label=_("Price"))
    discount_value = money_field(label=_("Discount"), required=False)
    discount_kind = forms.ChoiceField(
        required=False,
        choices=[(DiscountKind.PERCENT, "%"), (DiscountKind.AMOUNT, _("Amount"))],
    )

    @classmethod
    def for_line(cls, line: dict[str, Any], **kwargs: Any) -> LineForm:
        """The form as a line stands (`checkout.selectors.visit_detail`'s line)."""
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
        """checkout.services.change_service_line's keyword arguments; no discount is ""."""
        data = self.cleaned_data
        value = data["discount_value"] or Decimal(0)
        kind = (data["discount_kind"] or DiscountKind.PERCENT) if value else DiscountKind.NONE
        return {
            "quantity": data["quantity"],
            "price": data["price"],
            "discount_kind": kind,
            "discount_value": value,
        }


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

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "method_id": data["method_id"],
            "amount": data["amount"],
            "keep_excess_as_deposit": data["keep_excess_as_deposit"],
        }


def show_refusal(form: forms.Form, exc: DomainError) -> None:
    """A service's refusal on the form: "services.0.price" lands on `price`, the rest on top."""
    renames = (
        {name: name.rsplit(".", 1)[-1] for name in exc.errors} if isinstance(exc, Invalid) else None
    )
    show_domain_errors(form, exc, renames)
