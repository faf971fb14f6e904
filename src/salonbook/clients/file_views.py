"""Files on a client's card in the pages, and the "Client base" settings page.

`files` is an htmx partial the client card loads (`hx-trigger="load"`): the list with a
download link and a trash button each, and the upload form. Each form posts back to it and
gets the partial drawn again, swapped in place; a refusal is the same partial with the
service's message (422, or 403 without the right). Without htmx the same URLs work as a page
of their own. The rules live in clients/files.py.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any
from urllib.parse import quote

from django import forms
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from salonbook.accounts.permissions import require
from salonbook.clients import files
from salonbook.clients.models import ClientFile
from salonbook.clients.selectors import access_client
from salonbook.errors import DomainError, Invalid, NotAllowed, NotFound
from salonbook.tenancy.context import Actor
from salonbook.web.formatting import date_time
from salonbook.web.pages import actor_of, current_location, is_htmx, page, show_domain_errors
from salonbook.web.settings_forms import read_only, saved

PARTIAL = "clients/_files.html"
PAGE = "clients/_files_page.html"
SETTINGS_PAGE = "clients/settings/client_base.html"
MANAGE_SETTINGS = "settings.manage"


# --- Handing a file out ------------------------------------------------------------------


def _ascii(text: str, keep: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(f"[^{keep}]+", "_", plain).strip(" ._")


def content_disposition(name: str, *, inline: bool = False) -> str:
    """`attachment; filename="..."`, with the name as typed in `filename*` (RFC 5987) when it
    is not plain ASCII; the plain one keeps letters, digits and a few signs only."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    plain = _ascii(stem, r"A-Za-z0-9()+ _.-") or "file"
    if plain_extension := _ascii(extension, "A-Za-z0-9"):
        plain = f"{plain}.{plain_extension}"
    header = f'{"inline" if inline else "attachment"}; filename="{plain}"'
    if plain != name:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header


def client_file_response(client_file: ClientFile, *, inline: bool = False) -> FileResponse:
    """The file's bytes as its checked type, never sniffed by the browser. Only an image may
    be shown in the page (`inline`); everything else is downloaded."""
    response = FileResponse(
        files.open_client_file(client_file), content_type=client_file.content_type
    )
    shown_inline = inline and client_file.kind in files.IMAGES
    response["Content-Disposition"] = content_disposition(client_file.name, inline=shown_inline)
    response["X-Content-Type-Options"] = "nosniff"
    # Nothing in it may run or load anything, even if a browser were to render it.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --- The partial -------------------------------------------------------------------------


def _files_context(
    request: HttpRequest, actor: Actor, client_id: int, *, message: str = ""
) -> dict[str, Any]:
    can_see = actor.can("clients.files")
    rows = []
    if can_see:
        location = current_location(request)
        zone = location.zone if location else timezone.get_current_timezone()
        for client_file in files.client_files(actor=actor, client_id=client_id):
            shown = files.present_client_file(client_file)
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
        "accept": files.ACCEPT,
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
        added = files.upload_client_file(actor=actor, client_id=client_id, file=upload)
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
    client_file = files.access_client_file(actor=actor, client_id=client_id, file_id=file_id)
    return client_file_response(client_file, inline=request.GET.get("inline") == "1")


@page
@require_POST
def delete_file(request: HttpRequest, client_id: int, file_id: int) -> HttpResponse:
    """Delete a file (after the page asked to confirm), then the files again."""
    actor = actor_of(request)
    _card(actor, client_id)
    try:
        files.delete_client_file(actor=actor, client_id=client_id, file_id=file_id)
    except NotAllowed as exc:
        return _files(request, actor, client_id, status=403, message=exc.detail)
    except NotFound:
        # The client is there (checked above): someone else deleted the file meanwhile.
        gone = _("This file was already deleted.")
        return _files(request, actor, client_id, status=404, message=gone)
    if not is_htmx(request):
        return redirect(reverse("clients:files", args=[client_id]))
    return _files(request, actor, client_id, toast=_("File deleted"))


# --- Settings: the client base -----------------------------------------------------------


class ClientBaseForm(forms.Form):
    client_file_max_mb = forms.IntegerField(
        label=gettext_lazy("Largest file on a client card, MB"),
        min_value=files.MAX_MB_RANGE[0],
        max_value=files.MAX_MB_RANGE[1],
        help_text=gettext_lazy("From 1 to 100. Larger files are refused when they are added."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


@page
def client_base_settings(request: HttpRequest) -> HttpResponse:
    """The chain's settings of the client base; read-only without settings.manage."""
    actor = actor_of(request)
    current = actor.chain.client_file_max_mb
    if request.method == "POST":
        require(actor, MANAGE_SETTINGS)
        form = ClientBaseForm(request.POST)
        if form.is_valid():
            wanted = form.cleaned_data["client_file_max_mb"]
            try:
                if wanted != current:
                    files.update_client_settings(actor=actor, client_file_max_mb=wanted)
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                message = _("Saved.") if wanted != current else _("Nothing was changed.")
                return saved(request, message, reverse("client-base"))
        return render(request, SETTINGS_PAGE, {"form": form}, status=422)
    form = ClientBaseForm(initial={"client_file_max_mb": current})
    if not actor.can(MANAGE_SETTINGS):
        read_only(form)
    return render(request, SETTINGS_PAGE, {"form": form})
