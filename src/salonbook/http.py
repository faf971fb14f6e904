"""HTTP details shared by the routers: If-Match in, ETag out."""

from __future__ import annotations

import re
from typing import Annotated

from django.http import HttpRequest, HttpResponse
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
