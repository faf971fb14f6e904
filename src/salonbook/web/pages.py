"""What every page needs: who is acting (the same Actor the API uses) and at which location.

Views stay thin: `@page` resolves the actor, and turns the domain's refusals into a page (or an
htmx partial) saying why. A form's field errors from a service (`Invalid`) are mapped onto the
Django form by `show_domain_errors`, so a page re-shows the form with the service's messages.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from salonbook.accounts.selectors import actor_for_user
from salonbook.errors import DomainError, Invalid, NotAllowed, NotFound
from salonbook.tenancy.context import Actor
from salonbook.tenancy.models import Location
from salonbook.tenancy.selectors import access_location, location_list

SESSION_CHAIN = "chain_id"
SESSION_LOCATION = "location_id"

View = Callable[..., HttpResponse]


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def actor_of(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined,no-any-return]


def refusal(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """A page (or, for htmx, a fragment) that says why the request was refused."""
    template = "web/refusal_fragment.html" if is_htmx(request) else "web/refusal.html"
    return render(request, template, {"status": status, "message": message}, status=status)


def page(view: View) -> View:
    """Log-in required; sets `request.actor`; a refusal becomes a page that says why."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            if is_htmx(request):
                response = HttpResponse(status=401)
                response["HX-Redirect"] = f"/login/?next={request.path}"
                return response
            return redirect_to_login(request.get_full_path())
        try:
            request.actor = actor_for_user(  # type: ignore[attr-defined]
                user=request.user,  # type: ignore[arg-type]
                chain_id=request.session.get(SESSION_CHAIN),
            )
        except NotFound:
            request.session.pop(SESSION_CHAIN, None)
            return refusal(request, 403, _("Your account is not part of any salon yet."))
        try:
            return view(request, *args, **kwargs)
        except NotAllowed as exc:
            return refusal(request, 403, exc.detail)
        except NotFound:
            return refusal(request, 404, _("This page does not exist, or it was deleted."))
        except Invalid as exc:
            # Views show a form's refusals on the form; one that escapes is input in the address.
            return refusal(request, 422, exc.detail)
        except DomainError as exc:
            # Any other refusal that escapes a view (the state changed under it): say why.
            return refusal(request, exc.status, exc.detail)
        except OverflowError:
            return refusal(request, 422, _("A date or number in the request is out of range."))

    return wrapper


MAX_ID = 2**63 - 1  # what a bigint key can hold, on SQLite and PostgreSQL


def parse_id(raw: str | None) -> int | None:
    """An id from the address or a form: plain ASCII digits that fit a bigint, else None."""
    if not raw or not raw.isascii() or not raw.isdigit():
        return None
    value = int(raw)
    return value if value <= MAX_ID else None


def current_location(request: HttpRequest) -> Location | None:
    """The location the user picked (kept in the session), else the chain's first one."""
    if hasattr(request, "_location"):
        return request._location  # type: ignore[no-any-return]
    request._location = _pick_location(request)  # type: ignore[attr-defined]
    return request._location  # type: ignore[attr-defined,no-any-return]


def _pick_location(request: HttpRequest) -> Location | None:
    actor = actor_of(request)
    chosen = request.session.get(SESSION_LOCATION)
    if chosen is not None:
        try:
            location = access_location(actor=actor, location_id=int(chosen))
            if location.is_active:
                return location
        except (NotFound, ValueError, TypeError):
            pass
        request.session.pop(SESSION_LOCATION, None)
    return location_list(actor=actor).first()


def show_domain_errors(
    form: forms.Form, exc: DomainError, field_map: Mapping[str, str] | None = None
) -> None:
    """Put a service's refusal on the form: field errors on their fields, the rest on top.

    `field_map` renames the service's field names (e.g. "new_client.phone") to form fields.
    """
    if not isinstance(exc, Invalid):
        form.add_error(None, exc.detail)
        return
    renames = field_map or {}
    for name, messages in exc.errors.items():
        # "services.0.service_id" lands on "services" unless it is mapped on its own.
        candidates = (renames.get(n, n) for n in (name, name.split(".", 1)[0]))
        target = next((c for c in candidates if c in form.fields), None)
        for message in messages:
            form.add_error(target, message)
