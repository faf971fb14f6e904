"""HTTP details shared by the routers: If-Match in, ETag out."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from pydantic import Field

from salonbook.errors import Invalid

# An id or count the databases can store (SQLite and PostgreSQL bigint are signed 64-bit).
DbInt = Annotated[int, Field(ge=0, le=2**63 - 1)]

_ETAG = re.compile(r'^\s*(?:W/)?"(\d+)"\s*$')


def if_match_version(request: HttpRequest) -> int | None:
    """The version named by If-Match (`"3"` or `W/"3"`), or None when absent or `*`."""
    raw = request.headers.get("If-Match")
    if raw is None or raw.strip() == "*":
        return None
    match = _ETAG.match(raw)
    if match is None:
        raise Invalid({"If-Match": 'Send the ETag you read, e.g. "3".'})
    return int(match.group(1))


def set_etag(response: HttpResponse, version: int) -> None:
    response["ETag"] = f'"{version}"'


class RefuseNulCharacters:
    """Answer 422 to API requests carrying a NUL character in the query or a JSON body.

    PostgreSQL cannot store NUL in text, so such input would fail at the database (a 500)
    after everything else was checked; SQLite would keep it and hand it to every screen.
    Binary uploads are not JSON and are left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path.startswith("/api/") and self._has_nul(request):
            body = {
                "type": "about:blank",
                "title": "Invalid input",
                "status": 422,
                "detail": "Text may not contain the NUL character (\\u0000).",
            }
            return HttpResponse(
                json.dumps(body), status=422, content_type="application/problem+json"
            )
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query or "\x00" in request.path:
            return True
        if request.content_type == "application/json":
            body = request.body
            return b"\x00" in body or b"\\u0000" in body
        return False
