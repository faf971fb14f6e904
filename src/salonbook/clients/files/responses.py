"""Handing a stored file of a client card out over HTTP, the same way for the page and the API:
as its checked type, never sniffed, never run, and under a name safe in a header."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from django.http import FileResponse

from salonbook.clients.files.kinds import IMAGES
from salonbook.clients.files.selectors import open_client_file
from salonbook.clients.models import ClientFile


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
    response = FileResponse(open_client_file(client_file), content_type=client_file.content_type)
    shown_inline = inline and client_file.kind in IMAGES
    response["Content-Disposition"] = content_disposition(client_file.name, inline=shown_inline)
    response["X-Content-Type-Options"] = "nosniff"
    # Nothing in it may run or load anything, even if a browser were to render it.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
