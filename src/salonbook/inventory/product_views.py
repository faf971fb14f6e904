"""A product's card (new, and seen or changed), under /settings/products/: it says where the
product is kept and how much, so it is inventory's page (inventory sits above the catalogue);
the root URL conf puts it in the "products" namespace beside the catalogue's product list.

Thin: parse with a form, call one service or selector, render. People who may see products but
not change them get the card read-only; the services refuse their writes anyway.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.catalog.forms import ProductForm
from salonbook.catalog.models import Product
from salonbook.catalog.selectors import visible_product
from salonbook.catalog.services import PRODUCT_FIELDS, create_product, update_product
from salonbook.errors import DomainError
from salonbook.inventory.selectors import stock_levels, storage_list
from salonbook.web.pages import actor_of, page, show_domain_errors
from salonbook.web.settings_forms import changes, read_only, saved

MANAGE = "products.manage"


def _product_page(
    request: HttpRequest, form: ProductForm, product: Product | None, status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = {"form": form, "product": product, "stock": None}
    actor = actor_of(request)
    if product is not None and actor.can("stock.view"):
        # The card says where the product is kept and how much; the stock pages say more.
        names = {s.pk: s for s in storage_list(actor=actor, include_inactive=True)}
        context["stock"] = [
            (names[level.storage_id], level)
            for level in stock_levels(actor=actor, product_ids=[product.pk])
        ]
    return render(request, "inventory/product_form.html", context, status=status)


@page
def product_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require(actor, MANAGE)
    if request.method == "POST":
        form = ProductForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                # A new product is active; it can be withdrawn on its card.
                product = create_product(
                    actor=actor, **{k: data[k] for k in PRODUCT_FIELDS if k != "is_active"}
                )
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                message = _("Product “%(name)s” was created.") % {"name": product.name}
                return saved(request, message, reverse("products:list"))
        return _product_page(request, form, None, status=422)
    initial = {"for_sale": request.GET.get("kind") != "consumable", "is_active": True}
    initial["is_consumable"] = request.GET.get("kind") == "consumable"
    return _product_page(request, ProductForm(initial=initial), None)


@page
def product_edit(request: HttpRequest, product_id: int) -> HttpResponse:
    """A product's card: see it, or change it (POST) with the right to manage products."""
    actor = actor_of(request)
    product = visible_product(actor=actor, product_id=product_id)
    if request.method == "POST":
        require(actor, MANAGE)
        form = ProductForm(request.POST)
        if form.is_valid():
            changed = changes(product, form.cleaned_data, PRODUCT_FIELDS)
            try:
                if changed:
                    update_product(
                        actor=actor,
                        product_id=product.pk,
                        expected_version=form.cleaned_data.get("version"),
                        **changed,
                    )
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                message = _("Product “%(name)s” was saved.") % {"name": form.cleaned_data["name"]}
                if not changed:
                    message = _("Nothing was changed.")
                return saved(request, message, reverse("products:list"))
        return _product_page(request, form, product, status=422)
    initial = {name: getattr(product, name) for name in PRODUCT_FIELDS}
    form = ProductForm(initial={**initial, "version": product.version})
    if not actor.can(MANAGE):
        read_only(form)
    return _product_page(request, form, product)
