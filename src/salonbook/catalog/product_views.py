"""The product list (search and filters) and a service's bill of materials. A product's card
shows its stock, so it is inventory's page (inventory.product_views).

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
from salonbook.catalog.forms import BillOfMaterialsForm, ProductOption, quantity_input
from salonbook.catalog.models import Service
from salonbook.errors import DomainError
from salonbook.web.pages import actor_of, page, show_domain_errors
from salonbook.web.settings_forms import read_only, saved

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
