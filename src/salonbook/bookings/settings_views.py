"""Booking categories in the settings: list, create, rename or recolour, delete.

A deleted category leaves its bookings in place, uncategorised. Thin views: the rules live in
bookings.services.
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from salonbook.accounts.permissions import require
from salonbook.bookings import selectors, services
from salonbook.bookings.models import BookingCategory
from salonbook.errors import DomainError
from salonbook.web.pages import actor_of, page, show_domain_errors
from salonbook.web.settings_forms import PALETTE, ColorField, saved

MANAGE = "settings.manage"


class CategoryForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("of a thing", "Name"), max_length=100)
    color = ColorField(label=gettext_lazy("Colour"))


def _list_page(request: HttpRequest, form: CategoryForm, status: int = 200) -> HttpResponse:
    categories = selectors.booking_category_list(actor=actor_of(request))
    context = {"categories": categories, "form": form, "colors": PALETTE}
    return render(request, "bookings/settings/categories.html", context, status=status)


@page
def category_list(request: HttpRequest) -> HttpResponse:
    """The booking categories, and (POST) a new one."""
    actor = actor_of(request)
    require(actor, MANAGE)
    if request.method == "POST":
        form = CategoryForm(request.POST)
        if form.is_valid():
            try:
                category = services.create_booking_category(actor=actor, **form.cleaned_data)
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                message = _("Category “%(name)s” was created.") % {"name": category.name}
                return saved(request, message, reverse("booking-categories:list"))
        return _list_page(request, form, status=422)
    return _list_page(request, CategoryForm())


def _edit_page(
    request: HttpRequest, form: CategoryForm, category: BookingCategory, status: int = 200
) -> HttpResponse:
    context = {"form": form, "category": category, "colors": PALETTE}
    return render(request, "bookings/settings/category_form.html", context, status=status)


@page
def category_edit(request: HttpRequest, category_id: int) -> HttpResponse:
    actor = actor_of(request)
    require(actor, MANAGE)
    category = selectors.visible_booking_category(actor=actor, category_id=category_id)
    if request.method == "POST":
        form = CategoryForm(request.POST)
        if form.is_valid():
            try:
                services.update_booking_category(
                    actor=actor, category_id=category.pk, **form.cleaned_data
                )
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                message = _("Category “%(name)s” was saved.") % {"name": form.cleaned_data["name"]}
                return saved(request, message, reverse("booking-categories:list"))
        return _edit_page(request, form, category, status=422)
    form = CategoryForm(initial={"name": category.name, "color": category.color})
    return _edit_page(request, form, category)


@page
@require_POST
def category_delete(request: HttpRequest, category_id: int) -> HttpResponse:
    actor = actor_of(request)
    require(actor, MANAGE)
    category = selectors.access_booking_category(actor=actor, category_id=category_id)
    carried = services.delete_booking_category(actor=actor, category_id=category.pk)
    message = _("Category “%(name)s” was deleted.") % {"name": category.name}
    if carried:
        message += " " + _("Its bookings stay, without a category.")
    return saved(request, message, reverse("booking-categories:list"))
