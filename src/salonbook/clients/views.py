"""The Clients tab (search, filters, the card with its history and loyalty) and the client
picker of the booking form.

The picker keeps the picked client in the form as hidden inputs (client_id, or new_client_*
for a new one); the new card itself is written by create_booking, so an abandoned booking form
leaves no client.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salonbook.accounts.permissions import require
from salonbook.checkout.client_selectors import client_figures, client_visits, clients_with_balance
from salonbook.clients import services
from salonbook.clients.forms import ClientForm
from salonbook.clients.models import Client, Importance
from salonbook.clients.selectors import (
    access_client,
    additional_fields,
    client_for_phone,
    client_search,
    present_client,
    shown_name,
    visible_phone,
)
from salonbook.errors import DomainError, Invalid
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
    template = "clients/_list_results.html" if is_htmx(request) else "clients/list.html"
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
        return render(
            request, "clients/card.html", _card_context(request, actor, client, form, tab)
        )
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
            _show_refusal(form, exc)
        else:
            messages.success(request, _("Customer details saved."))
            return redirect(request.get_full_path())
    context = _card_context(request, actor, client, form, "details")
    return render(request, "clients/card.html", context, status=422)


def _show_refusal(form: ClientForm, exc: DomainError) -> None:
    show_domain_errors(form, exc, form.error_fields())


@page
@require_POST
def client_delete(request: HttpRequest, client_id: int) -> HttpResponse:
    """Delete a card (after the page asked to confirm): it leaves the base, its visits stay."""
    actor = actor_of(request)
    client = access_client(actor=actor, client_id=client_id)
    services.delete_client(actor=actor, client_id=client.pk)
    messages.success(
        request,
        _("%(name)s was deleted from the client base.")
        % {"name": shown_name(actor=actor, name=client.name, phone=client.phone)},
    )
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("clients:list")
        return response
    return redirect("clients:list")


@page
def client_new(request: HttpRequest) -> HttpResponse:
    """A new card from the Clients tab; a phone already in the base is refused with its owner."""
    actor = actor_of(request)
    require(actor, "clients.create")
    fields = list(additional_fields(actor=actor, applies_to="client"))
    shows_phone = actor.can("clients.view_phone")
    if request.method != "POST":
        form = ClientForm(extra_fields=fields, shows_phone=shows_phone)
        return render(request, "clients/new.html", {"form": form})
    form = ClientForm(request.POST, extra_fields=fields, shows_phone=shows_phone)
    if form.is_valid():
        try:
            client = services.create_client(actor=actor, **form.arguments())
        except DomainError as exc:
            _show_refusal(form, exc)
        else:
            messages.success(request, _("Client added."))
            return redirect("clients:card", client_id=client.pk)
    return render(request, "clients/new.html", {"form": form}, status=422)


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
    return render(request, "clients/_history.html", context)


@page
def client_loyalty(request: HttpRequest, client_id: int) -> HttpResponse:
    """Customer loyalty: the client's memberships and gift cards with what is left on them."""
    actor = actor_of(request)
    held = client_certificates(actor=actor, client_id=client_id)
    rows = [{"held": h, "code": shown_code(actor=actor, code=h.certificate.code)} for h in held]
    return render(request, "clients/_loyalty.html", {"rows": rows})


BLOCK = "clients/_client_block.html"


@page
def picker(request: HttpRequest) -> HttpResponse:
    """The search box (no `q`), or the clients matching `q` while the user types."""
    actor = actor_of(request)
    query = request.GET.get("q", "").replace("\x00", "").strip()
    if not query:
        if request.GET.get("results"):
            return HttpResponse("")
        return render(request, BLOCK, {"client": None})
    found = [
        {
            "id": c.pk,
            "name": shown_name(actor=actor, name=c.name, phone=c.phone),
            "phone": visible_phone(actor=actor, phone=c.phone),
        }
        for c in client_search(actor=actor, query=query, limit=20)
    ]
    return render(request, "clients/_client_results.html", {"found": found, "query": query})


@page
def pick(request: HttpRequest, client_id: int) -> HttpResponse:
    actor = actor_of(request)
    require(actor, "clients.view")
    client = access_client(actor=actor, client_id=client_id)
    return render(request, BLOCK, {"client": present_client(actor=actor, client=client)})


@page
def new_client(request: HttpRequest) -> HttpResponse:
    """GET: the new-client fields. POST (Continue): check the phone and keep what was typed.

    A phone that belongs to a client already in the base picks that client instead.
    """
    actor = actor_of(request)
    require(actor, "clients.create")
    typed = {
        "phone": request.POST.get("new_client_phone", "").strip(),
        "name": request.POST.get("new_client_name", "").strip(),
        "email": request.POST.get("new_client_email", "").strip(),
    }
    if request.method != "POST":
        return render(request, BLOCK, {"client": None, "mode": "new", "typed": typed})
    try:
        phone, known = client_for_phone(actor=actor, raw=typed["phone"])
        if not phone:
            raise Invalid({"phone": _("Enter the client's phone number.")})
    except Invalid as exc:
        context = {"client": None, "mode": "new", "typed": typed, "errors": exc.errors}
        return render(request, BLOCK, context, status=422)
    if known is not None:
        state = present_client(actor=actor, client=known)
        state["note"] = _("This phone belongs to a client already in the base.")
        return render(request, BLOCK, {"client": state})
    state = {"kind": "new", "phone": phone, "name": typed["name"], "email": typed["email"]}
    return render(request, BLOCK, {"client": state})
