"""The client's own pages that show no money: a new card from the Clients tab, deleting a card
(the card page's Delete button), and the client picker of the booking form. The Clients tab
and the card page themselves are salonbook.clientbase's.

The picker keeps the picked client in the form as hidden inputs (client_id, or new_client_*
for a new one); the new card itself is written by create_booking, so an abandoned booking form
leaves no client.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salonbook.accounts.permissions import require
from salonbook.clients import services
from salonbook.clients.forms import ClientForm
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
from salonbook.web.pages import actor_of, is_htmx, page, show_domain_errors


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
