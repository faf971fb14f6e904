"""Stock settings pages: the stock of a storage, receipts and write-offs, the history of a
product in a storage, and the storages of each location.

Thin: parse with a form, call one service or selector, render. Who may see stock but not
manage it gets the pages without their buttons and forms; the services refuse their writes.
"""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from salonbook.accounts.permissions import require
from salonbook.catalog.forms import ProductOption, quantity_input
from salonbook.catalog.selectors import access_product, product_list
from salonbook.errors import DomainError
from salonbook.inventory import selectors, services
from salonbook.inventory.forms import ReceiptForm, StorageEditForm, StorageForm, WriteOffForm
from salonbook.inventory.models import Storage
from salonbook.inventory.services import STORAGE_FIELDS, StockLine
from salonbook.tenancy.context import Actor
from salonbook.web.pages import actor_of, current_location, page, parse_id, show_domain_errors
from salonbook.web.settings_forms import changes, read_only, saved
from salonbook.web.settings_views import chosen_location

MANAGE = "stock.manage"
HISTORY_PAGE = 50


def _stock_url(storage: Storage) -> str:
    return f"{reverse('inventory:stock')}?storage={storage.pk}"


# --- stock ---------------------------------------------------------------------------------


def _chosen_storage(request: HttpRequest, storages: list[Storage]) -> Storage | None:
    """`?storage=` (a closed one too), else the first storage where the user works."""
    actor = actor_of(request)
    wanted = parse_id(request.GET.get("storage"))
    if wanted is not None:
        found = next((s for s in storages if s.pk == wanted), None)
        return found or selectors.visible_storage(actor=actor, storage_id=wanted)
    here = current_location(request)
    return next((s for s in storages if here and s.location_id == here.pk), None) or next(
        iter(storages), None
    )


@page
def stock(request: HttpRequest) -> HttpResponse:
    """What is in a storage: each product, its unit, how much, and its worth at cost."""
    actor = actor_of(request)
    storages = list(selectors.storage_list(actor=actor))
    storage = _chosen_storage(request, storages)
    levels = selectors.stock_levels(actor=actor, storage_id=storage.pk) if storage else []
    context = {
        "storages": storages,
        "storage": storage,
        "levels": levels,
        "total": sum((level.value for level in levels), Decimal(0)),
        "several_locations": len({s.location_id for s in storages}) > 1,
    }
    return render(request, "inventory/stock.html", context)


def _all_products(actor: Actor) -> list[ProductOption]:
    return [
        ProductOption(
            id=p.pk,
            label=f"{p.name} ({p.sku})" if p.sku else p.name,
            unit=p.get_unit_display(),
            cost=str(formats.localize_input(p.cost)),
        )
        for p in product_list(actor=actor)
    ]


def _lines(rows: list) -> list[StockLine]:
    return [
        StockLine(product_id=row.product_id, quantity=row.quantity, unit_cost=row.unit_cost)
        for row in rows
    ]


@page
def receipt(request: HttpRequest, storage_id: int) -> HttpResponse:
    """A stock receipt: several products, each with its quantity and unit cost."""
    actor = actor_of(request)
    require(actor, MANAGE)
    storage = selectors.visible_storage(actor=actor, storage_id=storage_id)
    options = _all_products(actor)
    if request.method == "POST":
        form = ReceiptForm(request.POST, options=options)
        if form.is_valid():
            try:
                moved = services.receive_stock(
                    actor=actor,
                    storage_id=storage.pk,
                    lines=_lines(form.cleaned_data["lines"]),
                    note=form.cleaned_data["note"],
                )
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                message = ngettext(
                    "%(count)s line was received into “%(storage)s”.",
                    "%(count)s lines were received into “%(storage)s”.",
                    len(moved),
                ) % {"count": len(moved), "storage": storage.name}
                return saved(request, message, _stock_url(storage))
        status = 422
    else:
        form = ReceiptForm(
            initial={"lines": [{"product": "", "quantity": "", "cost": ""}]}, options=options
        )
        status = 200
    context = {"form": form, "storage": storage}
    return render(request, "inventory/receipt.html", context, status=status)


@page
def write_off(request: HttpRequest, storage_id: int) -> HttpResponse:
    """A manual write-off with its reason; the products offered are those in stock here."""
    actor = actor_of(request)
    require(actor, MANAGE)
    storage = selectors.visible_storage(actor=actor, storage_id=storage_id)
    options = [
        ProductOption(
            id=level.product_id,
            label=_("%(name)s — %(quantity)s %(unit)s in stock")
            % {
                "name": level.name,
                "quantity": quantity_input(level.quantity),
                "unit": level.unit_label,
            },
            unit=level.unit_label,
        )
        for level in selectors.stock_levels(actor=actor, storage_id=storage.pk)
        if level.quantity > 0
    ]
    if request.method == "POST":
        form = WriteOffForm(request.POST, options=options)
        if form.is_valid():
            try:
                moved = services.write_off_stock(
                    actor=actor,
                    storage_id=storage.pk,
                    lines=_lines(form.cleaned_data["lines"]),
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                message = ngettext(
                    "%(count)s line was written off from “%(storage)s”.",
                    "%(count)s lines were written off from “%(storage)s”.",
                    len(moved),
                ) % {"count": len(moved), "storage": storage.name}
                return saved(request, message, _stock_url(storage))
        status = 422
    else:
        initial = {
            "lines": [{"product": request.GET.get("product", ""), "quantity": "", "cost": ""}]
        }
        form = WriteOffForm(initial=initial, options=options)
        status = 200
    context = {"form": form, "storage": storage}
    return render(request, "inventory/write_off.html", context, status=status)


@page
def history(request: HttpRequest, storage_id: int, product_id: int) -> HttpResponse:
    """Every movement of one product in one storage, newest first, with the stock after each."""
    actor = actor_of(request)
    storage = selectors.visible_storage(actor=actor, storage_id=storage_id)
    product = access_product(actor=actor, product_id=product_id)
    movements = selectors.movement_history(
        actor=actor,
        storage_id=storage.pk,
        product_id=product.pk,
        before=parse_id(request.GET.get("before")),
        limit=HISTORY_PAGE,
        newest_first=True,
    )
    in_stock = selectors.stock_of(actor=actor, storage_id=storage.pk, product_id=product.pk)
    context = {
        "storage": storage,
        "product": product,
        "page": movements,
        "in_stock": in_stock,
    }
    return render(request, "inventory/history.html", context)


# --- storages ------------------------------------------------------------------------------


def _storages_page(request: HttpRequest, form: StorageForm, status: int = 200) -> HttpResponse:
    actor = actor_of(request)
    locations, location = chosen_location(request)
    storages = (
        list(selectors.storage_list(actor=actor, location_id=location.pk, include_inactive=True))
        if location
        else []
    )
    context = {
        "locations": locations,
        "shown_location": location,
        "storages": storages,
        "form": form,
    }
    return render(request, "inventory/storages.html", context, status=status)


@page
def storage_list(request: HttpRequest) -> HttpResponse:
    """The storages of one location (closed ones too), and a form for a new one."""
    actor = actor_of(request)
    form = StorageForm()
    if not actor.can(MANAGE):
        read_only(form)
    return _storages_page(request, form)


@page
def storage_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require(actor, MANAGE)
    _locations, location = chosen_location(request)
    form = StorageForm(request.POST) if request.method == "POST" else StorageForm()
    if location is None:
        form.add_error(None, _("Add a location first: a storage belongs to one."))
    elif request.method == "POST" and form.is_valid():
        try:
            storage = services.create_storage(
                actor=actor, location_id=location.pk, name=form.cleaned_data["name"]
            )
        except DomainError as exc:
            show_domain_errors(form, exc)
        else:
            message = _("Storage “%(name)s” was created.") % {"name": storage.name}
            return saved(
                request, message, f"{reverse('inventory:storages')}?location={location.pk}"
            )
    return _storages_page(request, form, status=422 if request.method == "POST" else 200)


@page
def storage_edit(request: HttpRequest, storage_id: int) -> HttpResponse:
    """Rename a storage, or close it."""
    actor = actor_of(request)
    storage = selectors.visible_storage(actor=actor, storage_id=storage_id)
    back = f"{reverse('inventory:storages')}?location={storage.location_id}"
    if request.method == "POST":
        require(actor, MANAGE)
        form = StorageEditForm(request.POST)
        if form.is_valid():
            changed = changes(storage, form.cleaned_data, STORAGE_FIELDS)
            try:
                if changed:
                    services.update_storage(
                        actor=actor,
                        storage_id=storage.pk,
                        expected_version=form.cleaned_data.get("version"),
                        **changed,
                    )
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                message = _("Storage “%(name)s” was saved.") % {"name": form.cleaned_data["name"]}
                if not changed:
                    message = _("Nothing was changed.")
                return saved(request, message, back)
        status = 422
    else:
        initial = {"name": storage.name, "is_active": storage.is_active, "version": storage.version}
        form = StorageEditForm(initial=initial)
        if not actor.can(MANAGE):
            read_only(form)
        status = 200
    context = {"form": form, "storage": storage, "back": back}
    return render(request, "inventory/storage_form.html", context, status=status)
