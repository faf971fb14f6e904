"""Product settings pages (the list with search and filters, a product's card) and a service's
bill of materials.

Thin: parse with a form, call one service or selector, render. People who may see products or
services but not change them get the pages read-only; the services refuse their writes anyway.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.catalog import selectors, services
from salonbook.catalog.forms import (
    BillOfMaterialsForm,
    ProductForm,
    ProductOption,
    quantity_input,
)
from salonbook.catalog.models import Product, Service
from salonbook.catalog.services import PRODUCT_FIELDS
from salonbook.errors import DomainError
from salonbook.web.pages import actor_of, page, show_domain_errors
from salonbook.web.settings_forms import changes, read_only, saved

MANAGE = "products.manage"

# The list's filters: ?kind= and ?status=, each value with the selector's arguments.
KINDS = {"": {}, "sale": {"for_sale": True}, "consumable": {"consumable": True}}
STATUSES = {"active": True, "inactive": False, "all": None}


@page
def product_list(request: HttpRequest) -> HttpResponse:
    """Products found by a fragment of their name, SKU or barcode, by kind and status."""
    actor = actor_of(request)
    query = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind", "")
    kind = kind if kind in KINDS else ""
    status = request.GET.get("status", "active")
    status = status if status in STATUSES else "active"
    products = selectors.product_list(
        actor=actor, query=query, is_active=STATUSES[status], **KINDS[kind]
    )
    context = {"products": list(products), "q": query, "kind": kind, "status": status}
    return render(request, "catalog/products.html", context)


def _product_page(
    request: HttpRequest, form: ProductForm, product: Product | None, status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = {"form": form, "product": product, "stock": None}
    actor = actor_of(request)
    if product is not None and actor.can("stock.view"):
        # The card says where the product is kept and how much; the stock pages say more.
        from salonbook.inventory.selectors import stock_levels, storage_list

        names = {s.pk: s for s in storage_list(actor=actor, include_inactive=True)}
        context["stock"] = [
            (names[level.storage_id], level)
            for level in stock_levels(actor=actor, product_ids=[product.pk])
        ]
    return render(request, "catalog/product_form.html", context, status=status)


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
                product = services.create_product(
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
    product = selectors.visible_product(actor=actor, product_id=product_id)
    if request.method == "POST":
        require(actor, MANAGE)
        form = ProductForm(request.POST)
        if form.is_valid():
            changed = changes(product, form.cleaned_data, PRODUCT_FIELDS)
            try:
                if changed:
                    services.update_product(
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


# --- a service's bill of materials -----------------------------------------------------------


def _consumable_options(actor: Any, on_card: set[int]) -> list[ProductOption]:
    """Active consumables, and the withdrawn ones still on this card (so it can be kept)."""
    return [
        ProductOption(id=p.pk, label=p.name, unit=p.get_unit_display())
        for p in selectors.product_list(actor=actor, consumable=True, is_active=None)
        if p.is_active or p.pk in on_card
    ]


def _materials_page(
    request: HttpRequest, form: BillOfMaterialsForm, service: Service, status: int = 200
) -> HttpResponse:
    context = {"form": form, "service": service, "tab": "materials"}
    return render(request, "catalog/service_materials.html", context, status=status)


@page
def service_materials(request: HttpRequest, service_id: int) -> HttpResponse:
    """The consumables one performance of a service uses (its technological card): rows of a
    product and a quantity, added and removed on the page, saved together."""
    actor = actor_of(request)
    service = selectors.visible_service(actor=actor, service_id=service_id)
    rows = selectors.bill_of_materials(actor=actor, service_id=service.pk)
    options = _consumable_options(actor, {row.product_id for row in rows})
    if request.method == "POST":
        require(actor, "services.manage")
        form = BillOfMaterialsForm(request.POST, options=options)
        if form.is_valid():
            items = [
                services.MaterialLine(product_id=row.product_id, quantity=row.quantity)
                for row in form.cleaned_data["items"]
            ]
            try:
                services.set_bill_of_materials(actor=actor, service_id=service.pk, items=items)
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                message = _("The bill of materials of “%(name)s” was saved.") % {
                    "name": service.name
                }
                return saved(request, message, reverse("catalog:materials", args=[service.pk]))
        return _materials_page(request, form, service, status=422)
    initial = [
        {"product": str(row.product_id), "quantity": quantity_input(row.quantity), "cost": ""}
        for row in rows
    ]
    form = BillOfMaterialsForm(initial={"items": initial}, options=options)
    if not actor.can("services.manage"):
        read_only(form)
    return _materials_page(request, form, service)
