"""The client picker of the booking form: search the base, pick a client, or add a new one.

The picked client lives in the form as hidden inputs (client_id, or new_client_* for a new
one); the new card itself is written by create_booking, so an abandoned form leaves no client.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.clients.selectors import (
    access_client,
    client_for_phone,
    client_search,
    present_client,
    visible_phone,
)
from salonbook.errors import Invalid
from salonbook.web.pages import actor_of, page

BLOCK = "clients/_client_block.html"


@page
def picker(request: HttpRequest) -> HttpResponse:
    """The search box (no `q`), or the clients matching `q` while the user types."""
    actor = actor_of(request)
    query = request.GET.get("q", "").strip()
    if not query:
        if request.GET.get("results"):
            return HttpResponse("")
        return render(request, BLOCK, {"client": None})
    found = [
        {"id": c.pk, "name": c.name, "phone": visible_phone(actor=actor, phone=c.phone)}
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
