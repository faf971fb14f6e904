"""Staff settings pages: the staff list per location, a staff member's card, and positions.
(The services a staff member performs have their page in catalog.staff_views.)

Thin: parse with a form, call one service or selector, render. People who may see staff but not
change them get the same pages read-only; the services refuse their writes anyway.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.errors import DomainError
from salonbook.staff import selectors, services
from salonbook.staff.forms import PositionForm, StaffForm
from salonbook.staff.models import StaffMember
from salonbook.staff.services import STAFF_FIELDS
from salonbook.tenancy.context import Actor
from salonbook.tenancy.selectors import location_list
from salonbook.web.pages import actor_of, page, show_domain_errors
from salonbook.web.settings_forms import PALETTE, changes, read_only, saved
from salonbook.web.settings_views import chosen_location

MANAGE = "staff.manage"


@page
def staff_list(request: HttpRequest) -> HttpResponse:
    """The staff of one location (active and dismissed), and the chain's positions."""
    actor = actor_of(request)
    locations, location = chosen_location(request)
    staff = (
        list(selectors.staff_list(actor=actor, location_id=location.pk, include_inactive=True))
        if location
        else []
    )
    context = {
        "locations": locations,
        "shown_location": location,
        "staff": staff,
        "positions": list(selectors.position_list(actor=actor)),
        "position_form": PositionForm(),
    }
    return render(request, "staff/staff_list.html", context)


def _staff_form(
    actor: Actor, *args: Any, member: StaffMember | None = None, **kwargs: Any
) -> StaffForm:
    locations = list(location_list(actor=actor))
    if member is not None and member.location not in locations:
        locations.append(member.location)  # a closed location stays choosable for its staff
    return StaffForm(
        *args,
        locations=locations,
        positions=list(selectors.position_list(actor=actor)),
        **kwargs,
    )


def _card(
    request: HttpRequest, form: StaffForm, member: StaffMember | None, status: int = 200
) -> HttpResponse:
    context = {"form": form, "member": member, "colors": PALETTE, "tab": "profile"}
    return render(request, "staff/staff_form.html", context, status=status)


@page
def staff_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require(actor, MANAGE)
    if request.method == "POST":
        form = _staff_form(actor, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                member = services.create_staff_member(
                    actor=actor, **{k: data[k] for k in STAFF_FIELDS if k != "is_active"}
                )
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                message = _("%(name)s was added to the staff.") % {"name": member.name}
                return saved(request, message, reverse("staff:edit", args=[member.pk]))
        return _card(request, form, None, status=422)
    _locations, location = chosen_location(request)
    initial = {"location_id": location.pk if location else None, "is_active": True}
    return _card(request, _staff_form(actor, initial=initial), None)


@page
def staff_edit(request: HttpRequest, staff_id: int) -> HttpResponse:
    """A staff member's card: see it, or change it (POST) with the right to manage staff."""
    actor = actor_of(request)
    member = selectors.visible_staff_member(actor=actor, staff_id=staff_id)
    if request.method == "POST":
        require(actor, MANAGE)
        form = _staff_form(actor, request.POST, member=member)
        if form.is_valid():
            changed = changes(member, form.cleaned_data, STAFF_FIELDS)
            try:
                if changed:
                    services.update_staff_member(
                        actor=actor,
                        staff_id=member.pk,
                        expected_version=form.cleaned_data.get("version"),
                        **changed,
                    )
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                message = _("%(name)s was saved.") % {"name": form.cleaned_data["name"]}
                if not changed:
                    message = _("Nothing was changed.")
                return saved(request, message, reverse("staff:edit", args=[member.pk]))
        return _card(request, form, member, status=422)
    initial = {name: getattr(member, name) for name in STAFF_FIELDS}
    form = _staff_form(actor, member=member, initial={**initial, "version": member.version})
    if not actor.can(MANAGE):
        read_only(form)
    return _card(request, form, member)


@page
def position_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require(actor, MANAGE)
    form = PositionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                position = services.create_position(actor=actor, name=form.cleaned_data["name"])
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                message = _("Position “%(name)s” was created.") % {"name": position.name}
                return saved(request, message, reverse("staff:list"))
        return _position_page(request, form, None, status=422)
    return _position_page(request, form, None)


@page
def position_edit(request: HttpRequest, position_id: int) -> HttpResponse:
    actor = actor_of(request)
    require(actor, MANAGE)
    position = selectors.access_position(actor=actor, position_id=position_id)
    if request.method == "POST":
        form = PositionForm(request.POST)
        if form.is_valid():
            try:
                services.rename_position(
                    actor=actor, position_id=position.pk, name=form.cleaned_data["name"]
                )
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                message = _("Position “%(name)s” was saved.") % {"name": form.cleaned_data["name"]}
                return saved(request, message, reverse("staff:list"))
        return _position_page(request, form, position, status=422)
    return _position_page(request, PositionForm(initial={"name": position.name}), position)


def _position_page(
    request: HttpRequest, form: PositionForm, position: Any, status: int = 200
) -> HttpResponse:
    context = {"form": form, "position": position}
    return render(request, "staff/position_form.html", context, status=status)
