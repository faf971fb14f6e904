"""Files on a client's card in the pages.

`files` is an htmx partial the client card loads (`hx-trigger="load"`): the list with a
download link and a trash button each, and the upload form. Each form posts back to it and
gets the partial drawn again, swapped in place; a refusal is the same partial with the
service's message (422, or 403 without the right). Without htmx the same URLs work as a page
of their own. The rules live in clients/files/services.py and selectors.py.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salonbook.accounts.permissions import require
from salonbook.clients.files import selectors, services
from salonbook.clients.files.kinds import ACCEPT
from salonbook.clients.files.responses import client_file_response
from salonbook.clients.selectors import access_client
from salonbook.errors import DomainError, Invalid, NotAllowed, NotFound
from salonbook.tenancy.context import Actor
from salonbook.web.formatting import date_time
from salonbook.web.pages import actor_of, current_location, is_htmx, page

PARTIAL = "clients/_files.html"
PAGE = "clients/_files_page.html"


def _files_context(
    request: HttpRequest, actor: Actor, client_id: int, *, message: str = ""
) -> dict[str, Any]:
    can_see = actor.can("clients.files")
    rows = []
    if can_see:
        location = current_location(request)
        zone = location.zone if location else timezone.get_current_timezone()
        for client_file in selectors.client_files(actor=actor, client_id=client_id):
            shown = selectors.present_client_file(client_file)
            shown["uploaded"] = date_time(
                timezone.localtime(client_file.uploaded_at, zone), actor.chain.country
            )
            rows.append(shown)
    return {
        "client_id": client_id,
        "files": rows,
        "can_see": can_see,
        "can_manage": actor.can("clients.files_manage"),
        "limit_mb": actor.chain.client_file_max_mb,
        "accept": ACCEPT,
        "message": message,
    }


def _files(
    request: HttpRequest,
    actor: Actor,
    client_id: int,
    *,
    status: int = 200,
    message: str = "",
    toast: str = "",
) -> HttpResponse:
    context = _files_context(request, actor, client_id, message=message)
    response = render(request, PARTIAL if is_htmx(request) else PAGE, context, status=status)
    if toast:
        response["HX-Trigger"] = json.dumps({"toast": {"message": toast, "kind": "ok"}})
    return response


def _said(exc: DomainError) -> str:
    if isinstance(exc, Invalid):
        return " ".join(m for messages in exc.errors.values() for m in messages)
    return exc.detail


def _card(actor: Actor, client_id: int) -> None:
    """The client must be one the actor may see, in their chain (else 403/404 as a page)."""
    require(actor, "clients.view")
    access_client(actor=actor, client_id=client_id)


@page
def client_files(request: HttpRequest, client_id: int) -> HttpResponse:
    """GET: the files on the card. POST (field "file"): add one, then the files again."""
    actor = actor_of(request)
    _card(actor, client_id)
    if request.method != "POST":
        return _files(request, actor, client_id)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise Invalid({"file": _("Choose a file to add.")})
        added = services.upload_client_file(actor=actor, client_id=client_id, file=upload)
    except (Invalid, NotAllowed) as exc:
        status = 403 if isinstance(exc, NotAllowed) else 422
        return _files(request, actor, client_id, status=status, message=_said(exc))
    if not is_htmx(request):
        return redirect(reverse("clients:files", args=[client_id]))
    toast = _("“%(name)s” was added.") % {"name": added.name}
    return _files(request, actor, client_id, toast=toast)


# page() is typed for HttpResponse; the streamed file it returns passes through it untouched.
@page  # type: ignore[arg-type]
def download_file(request: HttpRequest, client_id: int, file_id: int) -> HttpResponseBase:
    """The file as an attachment (`?inline=1`: an image shown in the browser)."""
    actor = actor_of(request)
    client_file = selectors.access_client_file(actor=actor, client_id=client_id, file_id=file_id)
    return client_file_response(client_file, inline=request.GET.get("inline") == "1")


@page
@require_POST
def delete_file(request: HttpRequest, client_id: int, file_id: int) -> HttpResponse:
    """Delete a file (after the page asked to confirm), then the files again."""
    actor = actor_of(request)
    _card(actor, client_id)
    try:
        services.delete_client_file(actor=actor, client_id=client_id, file_id=file_id)
    except NotAllowed as exc:
        return _files(request, actor, client_id, status=403, message=exc.detail)
    except NotFound:
        # The client is there (checked above): someone else deleted the file meanwhile.
        gone = _("This file was already deleted.")
        return _files(request, actor, client_id, status=404, message=gone)
    if not is_htmx(request):
        return redirect(reverse("clients:files", args=[client_id]))
    return _files(request, actor, client_id, toast=_("File deleted"))
