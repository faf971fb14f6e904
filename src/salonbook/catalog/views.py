"""Service settings pages: the catalogue grouped by category, a service's card, categories.

Thin: parse with a form, call one service or selector, render. People who may see services but
not change them get the pages read-only; the services refuse their writes anyway.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.catalog import selectors, services
from salonbook.catalog.forms import CategoryForm, ServiceForm
from salonbook.catalog.models import Service, ServiceCategory
from salonbook.catalog.services import SERVICE_FIELDS
from salonbook.errors import DomainError
from salonbook.tenancy.context import Actor
from salonbook.web.pages import actor_of, page, show_domain_errors
from salonbook.web.settings_forms import changes, read_only, saved

MANAGE = "services.manage"


@page
def catalog_list(request: HttpRequest) -> HttpResponse:
    """Every service (inactive ones too), under its category, in the salon's order."""
    actor = actor_of(request)
    groups = selectors.services_by_category(actor=actor, include_inactive=True)
    return render(request, "catalog/catalog.html", {"groups": groups})


def _service_form(actor: Actor, *args: Any, **kwargs: Any) -> ServiceForm:
    return ServiceForm(*args, categories=list(selectors.category_list(actor=actor)), **kwargs)


def _service_page(
    request: HttpRequest, form: ServiceForm, service: Service | None, status: int = 200
) -> HttpResponse:
    context = {"form": form, "service": service}
    return render(request, "catalog/service_form.html", context, status=status)


@page
def service_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require(actor, MANAGE)
    if request.method == "POST":
        form = _service_form(actor, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                # A new service is active; it can be deactivated on its card.
                service = services.create_service(
                    actor=actor, **{k: data[k] for k in SERVICE_FIELDS if k != "is_active"}
                )
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                message = _("Service “%(name)s” was created.") % {"name": service.name}
                return saved(request, message, reverse("catalog:list"))
        return _service_page(request, form, None, status=422)
    initial = {"category_id": request.GET.get("category"), "is_active": True}
    return _service_page(request, _service_form(actor, initial=initial), None)


@page
def service_edit(request: HttpRequest, service_id: int) -> HttpResponse:
    """A service's card: see it, or change it (POST) with the right to manage services."""
    actor = actor_of(request)
    service = selectors.visible_service(actor=actor, service_id=service_id)
    if request.method == "POST":
        require(actor, MANAGE)
        form = _service_form(actor, request.POST)
        if form.is_valid():
            changed = changes(service, form.cleaned_data, SERVICE_FIELDS)
            try:
                if changed:
                    services.update_service(
                        actor=actor,
                        service_id=service.pk,
                        expected_version=form.cleaned_data.get("version"),
                        **changed,
                    )
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                message = _("Service “%(name)s” was saved.") % {"name": form.cleaned_data["name"]}
                if not changed:
                    message = _("Nothing was changed.")
                return saved(request, message, reverse("catalog:list"))
        return _service_page(request, form, service, status=422)
    initial = {name: getattr(service, name) for name in SERVICE_FIELDS}
    form = _service_form(actor, initial={**initial, "version": service.version})
    if not actor.can(MANAGE):
        read_only(form)
    return _service_page(request, form, service)


def _category_page(
    request: HttpRequest, form: CategoryForm, category: ServiceCategory | None, status: int = 200
) -> HttpResponse:
    context = {"form": form, "category": category}
    return render(request, "catalog/category_form.html", context, status=status)


@page
def category_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require(actor, MANAGE)
    form = CategoryForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                category = services.create_category(actor=actor, **form.cleaned_data)
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                message = _("Category “%(name)s” was created.") % {"name": category.name}
                return saved(request, message, reverse("catalog:list"))
        return _category_page(request, form, None, status=422)
    return _category_page(request, form, None)


@page
def category_edit(request: HttpRequest, category_id: int) -> HttpResponse:
    actor = actor_of(request)
    category = selectors.visible_category(actor=actor, category_id=category_id)
    if request.method == "POST":
        require(actor, MANAGE)
        form = CategoryForm(request.POST)
        if form.is_valid():
            try:
                services.update_category(actor=actor, category_id=category.pk, **form.cleaned_data)
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                message = _("Category “%(name)s” was saved.") % {"name": form.cleaned_data["name"]}
                return saved(request, message, reverse("catalog:list"))
        return _category_page(request, form, category, status=422)
    form = CategoryForm(initial={"name": category.name, "sort_order": category.sort_order})
    if not actor.can(MANAGE):
        read_only(form)
    return _category_page(request, form, category)
