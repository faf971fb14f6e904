"""Payment methods and cash desks in the settings ("Payments" in the hub).

Payment methods: the list (those out of use too), a new one, a method's card (rename, change
its kind, offer it at every location or at one, take it out of use: the payments made with it
keep it). Cash desks: the list of one location, a new one there, a desk's card (rename, take
out of use).

Thin: parse with a form, call one service or selector, render. Who may take payments sees these
pages read-only; changing them needs "settings.manage", which the services check too.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from salonbook.accounts.permissions import require
from salonbook.checkout import services, settings_selectors
from salonbook.checkout.models import CashDesk, PaymentMethod
from salonbook.checkout.services import DESK_FIELDS, METHOD_FIELDS
from salonbook.errors import DomainError
from salonbook.tenancy.context import Actor
from salonbook.tenancy.models import Location
from salonbook.tenancy.selectors import location_list
from salonbook.web.pages import actor_of, page, show_domain_errors
from salonbook.web.settings_forms import changes, read_only, saved, sort_order_field
from salonbook.web.settings_views import chosen_location

MANAGE = "settings.manage"


# --- forms ----------------------------------------------------------------------------------


class PaymentMethodForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("of a thing", "Name"), max_length=100)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=PaymentMethod.Kind.choices,
        initial=PaymentMethod.Kind.OTHER,
        help_text=gettext_lazy(
            "The Cash and Card buttons of a visit pay with the first method of their kind."
        ),
    )
    # "": offered at every location (stored as no location).
    location_id = forms.TypedChoiceField(
        label=gettext_lazy("Offered at"), coerce=int, empty_value=None, required=False
    )
    sort_order = sort_order_field(
        gettext_lazy("Smaller numbers come first in a visit's list of methods.")
    )

    def __init__(self, *args: Any, locations: list[Location], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["location_id"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            ("", gettext_lazy("Every location")),
            *((loc.pk, loc.name) for loc in locations),
        ]


class PaymentMethodEditForm(PaymentMethodForm):
    is_active = forms.BooleanField(
        label=gettext_lazy("In use"),
        required=False,
        help_text=gettext_lazy(
            "A method out of use is no longer offered for new payments; the payments made "
            "with it keep it."
        ),
    )


class CashDeskForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("of a thing", "Name"), max_length=100)


class CashDeskEditForm(CashDeskForm):
    is_active = forms.BooleanField(
        label=gettext_lazy("In use"),
        required=False,
        help_text=gettext_lazy(
            "A cash desk out of use takes no new payments; the payments it took keep it."
        ),
    )


# --- payment methods ------------------------------------------------------------------------


def _methods_url() -> str:
    return reverse("payments:methods")


@page
def method_list(request: HttpRequest) -> HttpResponse:
    """Every payment method of the chain, those out of use too, in the salon's order."""
    methods = list(settings_selectors.payment_method_list(actor=actor_of(request)))
    return render(request, "checkout/settings/methods.html", {"methods": methods})


def _method_form(
    actor: Actor, *args: Any, method: PaymentMethod | None = None, **kwargs: Any
) -> PaymentMethodForm:
    locations = list(location_list(actor=actor))
    if method is not None and method.location is not None and method.location not in locations:
        locations.append(method.location)  # a closed location stays choosable for its methods
    form_class = PaymentMethodForm if method is None else PaymentMethodEditForm
    return form_class(*args, locations=locations, **kwargs)


def _method_page(
    request: HttpRequest,
    form: PaymentMethodForm,
    method: PaymentMethod | None,
    status: int = 200,
) -> HttpResponse:
    context = {"form": form, "method": method}
    return render(request, "checkout/settings/method_form.html", context, status=status)


@page
def method_new(request: HttpRequest) -> HttpResponse:
    """A new payment method: in use from the start, at every location or at one."""
    actor = actor_of(request)
    require(actor, MANAGE)
    if request.method == "POST":
        form = _method_form(actor, request.POST)
        if form.is_valid():
            try:
                method = services.create_payment_method(actor=actor, **form.cleaned_data)
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                message = _("Payment method “%(name)s” was created.") % {"name": method.name}
                return saved(request, message, _methods_url())
        return _method_page(request, form, None, status=422)
    return _method_page(request, _method_form(actor), None)


@page
def method_edit(request: HttpRequest, method_id: int) -> HttpResponse:
    """A method's card: see it, or change it (POST) with the right to manage the settings."""
    actor = actor_of(request)
    method = settings_selectors.visible_payment_method(actor=actor, method_id=method_id)
    if request.method == "POST":
        require(actor, MANAGE)
        form = _method_form(actor, request.POST, method=method)
        if form.is_valid():
            changed = changes(method, form.cleaned_data, METHOD_FIELDS)
            try:
                if changed:
                    services.update_payment_method(actor=actor, method_id=method.pk, **changed)
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                name = form.cleaned_data["name"]
                if not changed:
                    message = _("Nothing was changed.")
                elif changed.get("is_active") is False:
                    message = _(
                        "Payment method “%(name)s” is out of use; the payments made with it "
                        "keep it."
                    ) % {"name": name}
                else:
                    message = _("Payment method “%(name)s” was saved.") % {"name": name}
                return saved(request, message, _methods_url())
        return _method_page(request, form, method, status=422)
    form = _method_form(
        actor, initial={f: getattr(method, f) for f in METHOD_FIELDS}, method=method
    )
    if not actor.can(MANAGE):
        read_only(form)
    return _method_page(request, form, method)


# --- cash desks -----------------------------------------------------------------------------


def _desks_url(location_id: int) -> str:
    return f"{reverse('payments:desks')}?location={location_id}"


def _desks_page(request: HttpRequest, form: CashDeskForm, status: int = 200) -> HttpResponse:
    actor = actor_of(request)
    locations, location = chosen_location(request)
    desks = settings_selectors.cash_desk_list(
        actor=actor, location_id=location.pk if location else None
    )
    context = {
        "locations": locations,
        "shown_location": location,
        "desks": list(desks),
        "form": form,
    }
    return render(request, "checkout/settings/desks.html", context, status=status)


@page
def desk_list(request: HttpRequest) -> HttpResponse:
    """The cash desks of one location (those out of use too), and a form for a new one."""
    actor = actor_of(request)
    form = CashDeskForm()
    if not actor.can(MANAGE):
        read_only(form)
    return _desks_page(request, form)


@page
def desk_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require(actor, MANAGE)
    _locations, location = chosen_location(request)
    form = CashDeskForm(request.POST) if request.method == "POST" else CashDeskForm()
    if location is None:
        form.add_error(None, _("Add a location first: a cash desk belongs to one."))
    elif request.method == "POST" and form.is_valid():
        try:
            desk = services.create_cash_desk(
                actor=actor, location_id=location.pk, name=form.cleaned_data["name"]
            )
        except DomainError as exc:
            show_domain_errors(form, exc)
        else:
            message = _("Cash desk “%(name)s” was created.") % {"name": desk.name}
            return saved(request, message, _desks_url(location.pk))
    return _desks_page(request, form, status=422 if request.method == "POST" else 200)


@page
def desk_edit(request: HttpRequest, cash_desk_id: int) -> HttpResponse:
    """Rename a cash desk, or take it out of use."""
    actor = actor_of(request)
    desk: CashDesk = settings_selectors.visible_cash_desk(actor=actor, cash_desk_id=cash_desk_id)
    back = _desks_url(desk.location_id)
    if request.method == "POST":
        require(actor, MANAGE)
        form = CashDeskEditForm(request.POST)
        if form.is_valid():
            changed = changes(desk, form.cleaned_data, DESK_FIELDS)
            try:
                if changed:
                    services.update_cash_desk(actor=actor, cash_desk_id=desk.pk, **changed)
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                name = form.cleaned_data["name"]
                if not changed:
                    message = _("Nothing was changed.")
                elif changed.get("is_active") is False:
                    message = _(
                        "Cash desk “%(name)s” is out of use; the payments it took keep it."
                    ) % {"name": name}
                else:
                    message = _("Cash desk “%(name)s” was saved.") % {"name": name}
                return saved(request, message, back)
        status = 422
    else:
        form = CashDeskEditForm(initial={"name": desk.name, "is_active": desk.is_active})
        if not actor.can(MANAGE):
            read_only(form)
        status = 200
    context = {"form": form, "desk": desk, "back": back}
    return render(request, "checkout/settings/desk_form.html", context, status=status)
