"""The Clients tab (search, filters incl. "has a balance") and the client card page (Customer
details with the client's figures, History of visits, Customer loyalty).

They show a client's visits, money and loyalty, read from checkout and loyalty: so they sit here,
above those, and not in clients. The card's Files tab is clients.files'; adding and deleting a
card are clients' own pages.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.checkout.client_selectors import client_figures, client_visits, clients_with_balance
from salonbook.clients import services
from salonbook.clients.forms import ClientForm
from salonbook.clients.models import Client, Importance
from salonbook.clients.selectors import (
    access_client,
    additional_fields,
    client_search,
    shown_name,
    visible_phone,
)
from salonbook.errors import DomainError
from salonbook.loyalty.selectors import client_certificates, shown_code
from salonbook.sync.selectors import latest_cursor
from salonbook.tenancy.context import Actor
from salonbook.web.pages import (
    actor_of,
    current_location,
    is_htmx,
    page,
    parse_id,
    show_domain_errors,
)

LIST_LIMIT = 50
CARD_TABS = ("details", "history", "files", "loyalty")
CARD = "clientbase/card.html"


def _filters(request: HttpRequest) -> dict[str, Any]:
    """The list's search and filters as typed in the query string."""
    importance = request.GET.get("importance")
    return {
        # A NUL cannot be stored (PostgreSQL), so it can match nothing either.
        "q": request.GET.get("q", "").replace("\x00", "").strip(),
        "importance": importance if importance in {"none", *Importance.values} else "",
        "has_balance": request.GET.get("has_balance") == "1",
        "birthday": request.GET.get("birthday") == "1",
    }


def _found(request: HttpRequest, actor: Actor, filters: dict[str, Any]) -> list[dict[str, Any]]:
    importance = filters["importance"]
    month = None
    if filters["birthday"]:
        location = current_location(request)
        month = timezone.localdate(timezone=location.zone if location else None).month
    clients = client_search(
        actor=actor,
        query=filters["q"],
        importance={"": None, "none": ""}.get(importance, importance),
        birthday_month=month,
        only_ids=clients_with_balance(actor=actor) if filters["has_balance"] else None,
        limit=LIST_LIMIT + 1,
    )
    return [
        {
            "id": c.pk,
            "name": shown_name(actor=actor, name=c.name, phone=c.phone),
            "phone": visible_phone(actor=actor, phone=c.phone),
            "importance": c.importance,
            "importance_label": Importance(c.importance).label if c.importance else "",
            "birth_date": c.birth_date,
        }
        for c in clients
    ]


@page
def client_list(request: HttpRequest) -> HttpResponse:
    """The Clients tab: search as one types, filters, and the first matches."""
    actor = actor_of(request)
    require(actor, "clients.view")
    cursor = _cursor(actor)
    filters = _filters(request)
    found = _found(request, actor, filters)
    context = {
        "cursor": cursor,
        "filters": filters,
        "found": found[:LIST_LIMIT],
        "more": len(found) > LIST_LIMIT,
        "importances": Importance.choices[1:],
        "export_formats": [("csv", _("CSV file")), ("xlsx", _("Excel file"))],
    }
    template = "clientbase/_list_results.html" if is_htmx(request) else "clientbase/list.html"
    return render(request, template, context)


def _cursor(actor: Actor) -> int | None:
    """Where the page's live updates start: read before the page's data, so whatever commits
    after it reaches the page through the stream (None: the role may not read the feed)."""
    return latest_cursor(actor=actor) if actor.can("changes.view") else None


def _card_context(
    request: HttpRequest, actor: Actor, client: Client, form: ClientForm, tab: str
) -> dict[str, Any]:
    return {
        "cursor": _cursor(actor),
        "client": client,
        "name": shown_name(actor=actor, name=client.name, phone=client.phone),
        "phone": visible_phone(actor=actor, phone=client.phone),
        "figures": client_figures(actor=actor, client_id=client.pk),
        "form": form,
        "readonly": "clients.edit" not in actor.permissions,
        "tab": tab if tab in CARD_TABS else "details",
        "booking_id": parse_id(request.GET.get("booking")),
    }


@page
def client_card(request: HttpRequest, client_id: int) -> HttpResponse:
    """Customer details (POST saves them), with the tabs History of visits, Files and
    Customer loyalty loaded when opened."""
    actor = actor_of(request)
    require(actor, "clients.view")
    client = access_client(actor=actor, client_id=client_id)
    fields = list(additional_fields(actor=actor, applies_to="client"))
    shows_phone = actor.can("clients.view_phone")
    name = shown_name(actor=actor, name=client.name, phone=client.phone)
    if request.method != "POST":
        form = ClientForm(
            initial=ClientForm.initial_for(client, fields, shown_name=name),
            extra_fields=fields,
            shows_phone=shows_phone,
        )
        tab = request.GET.get("tab", "details")
        return render(request, CARD, _card_context(request, actor, client, form, tab))
    require(actor, "clients.edit")  # a refusal page, not a form error
    form = ClientForm(request.POST, extra_fields=fields, shows_phone=shows_phone)
    if form.is_valid():
        try:
            client = services.update_client(
                actor=actor,
                client_id=client.pk,
                expected_version=form.cleaned_data["version"],
                **form.changes(client, shown_name=name),
            )
        except DomainError as exc:
            show_domain_errors(form, exc, form.error_fields())
        else:
            messages.success(request, _("Customer details saved."))
            return redirect(request.get_full_path())
    context = _card_context(request, actor, client, form, "details")
    return render(request, CARD, context, status=422)


@page
def client_history(request: HttpRequest, client_id: int) -> HttpResponse:
    """History of visits, newest first; "Show more" brings the next page."""
    actor = actor_of(request)
    offset = parse_id(request.GET.get("offset")) or 0
    history = client_visits(actor=actor, client_id=client_id, offset=offset)
    context = {
        "history": history,
        "client_id": client_id,
        "next_offset": offset + len(history["visits"]),
    }
    return render(request, "clientbase/_history.html", context)


@page
def client_loyalty(request: HttpRequest, client_id: int) -> HttpResponse:
    """Customer loyalty: the client's memberships and gift cards with what is left on them."""
    actor = actor_of(request)
    held = client_certificates(actor=actor, client_id=client_id)
    rows = [{"held": h, "code": shown_code(actor=actor, code=h.certificate.code)} for h in held]
    return render(request, "clientbase/_loyalty.html", {"rows": rows})
