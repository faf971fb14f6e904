"""Membership and gift card settings pages: the types the salon sells, a new one, one's card.

Thin: parse with a form, call one service or selector, render. People who may see the types
but not change them get the pages read-only; the services refuse their writes anyway.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.errors import DomainError
from salonbook.loyalty import selectors, services
from salonbook.loyalty.forms import KINDS, CertificateTypeForm
from salonbook.loyalty.models import CertificateType
from salonbook.loyalty.services import TYPE_FIELDS
from salonbook.tenancy.context import Actor
from salonbook.web.pages import actor_of, page, show_domain_errors
from salonbook.web.settings_forms import read_only, saved

MANAGE = "loyalty.manage"


@page
def type_list(request: HttpRequest) -> HttpResponse:
    """Every type (those off sale too): memberships, then gift cards, in the salon's order."""
    types = list(selectors.certificate_type_list(actor=actor_of(request)))
    groups = [
        {"kind": kind, "title": title, "types": [t for t in types if t.kind == kind]}
        for kind, title in (
            (CertificateType.Kind.MEMBERSHIP, _("Memberships")),
            (CertificateType.Kind.GIFT_CARD, _("Gift cards")),
        )
    ]
    return render(request, "loyalty/types.html", {"groups": groups})


def _form(
    actor: Actor, *args: Any, type_id: int | None = None, kind: str | None = None, **kwargs: Any
) -> CertificateTypeForm:
    services_ = list(selectors.coverable_services(actor=actor, type_id=type_id))
    return CertificateTypeForm(*args, services=services_, kind=kind, **kwargs)


def _page(
    request: HttpRequest,
    form: CertificateTypeForm,
    certificate_type: CertificateType | None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "certificate_type": certificate_type,
        "kind": form.chosen_kind(),
        "kind_label": dict(KINDS).get(form.chosen_kind(), ""),
    }
    return render(request, "loyalty/type_form.html", context, status=status)


def _created_message(certificate_type: CertificateType) -> str:
    if certificate_type.is_gift_card:
        return _("Gift card “%(name)s” was created.") % {"name": certificate_type.name}
    return _("Membership “%(name)s” was created.") % {"name": certificate_type.name}


@page
def type_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require(actor, MANAGE)
    if request.method == "POST":
        form = _form(actor, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            fields = [f for f in TYPE_FIELDS if f != "is_active"]  # a new type is on sale
            try:
                created = services.create_certificate_type(
                    actor=actor, kind=data["kind"], **{f: data[f] for f in fields}
                )
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                return saved(request, _created_message(created), reverse("loyalty:list"))
        return _page(request, form, None, status=422)
    wanted = request.GET.get("kind")
    initial = {"kind": wanted if wanted in dict(KINDS) else KINDS[0][0], "is_active": True}
    return _page(request, _form(actor, initial=initial), None)


def _current(certificate_type: CertificateType) -> dict[str, Any]:
    values = {f: getattr(certificate_type, f) for f in TYPE_FIELDS if f != "service_ids"}
    values["service_ids"] = sorted(s.pk for s in certificate_type.services.all())
    return values


@page
def type_edit(request: HttpRequest, type_id: int) -> HttpResponse:
    """A type's card: see it, or change it (POST) with the right to manage loyalty."""
    actor = actor_of(request)
    certificate_type = selectors.visible_certificate_type(actor=actor, type_id=type_id)
    kind = certificate_type.kind
    if request.method == "POST":
        require(actor, MANAGE)
        form = _form(actor, request.POST, type_id=certificate_type.pk, kind=kind)
        if form.is_valid():
            data = {**form.cleaned_data, "service_ids": sorted(form.cleaned_data["service_ids"])}
            current = _current(certificate_type)
            changed = {f: data[f] for f in TYPE_FIELDS if current[f] != data[f]}
            try:
                if changed:
                    services.update_certificate_type(
                        actor=actor,
                        type_id=certificate_type.pk,
                        expected_version=data.get("version"),
                        **changed,
                    )
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                message = _("“%(name)s” was saved.") % {"name": data["name"]}
                if not changed:
                    message = _("Nothing was changed.")
                return saved(request, message, reverse("loyalty:list"))
        return _page(request, form, certificate_type, status=422)
    initial = {**_current(certificate_type), "version": certificate_type.version}
    form = _form(actor, initial=initial, type_id=certificate_type.pk, kind=kind)
    if not actor.can(MANAGE):
        read_only(form)
    return _page(request, form, certificate_type)
