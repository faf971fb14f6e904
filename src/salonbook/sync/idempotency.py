"""Idempotency-Key for API POSTs: a retry gets the first answer, never a second booking.

The key row is inserted first, inside the same transaction as the request's own writes. A
concurrent retry with the same key blocks on the unique index (PostgreSQL) or on the write
lock (SQLite) until the first commits, then finds the stored answer and replays it. If the
first request fails, its transaction - key included - rolls back, and a retry runs afresh.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse

from salonbook.accounts.selectors import actor_for_token
from salonbook.sync.models import IdempotencyKey

HEADER = "HTTP_IDEMPOTENCY_KEY"


class _Discard(Exception):
    """Raised to roll back a request that did not succeed, after keeping its response."""

    def __init__(self, response: HttpResponse) -> None:
        self.response = response


def _problem(status: int, title: str, detail: str) -> HttpResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return HttpResponse(json.dumps(body), status=status, content_type="application/problem+json")


def _fingerprint(request: HttpRequest) -> str:
    """What makes two requests with one key the same request: method, path and body.

    A multipart body (a file upload) is read through Django's parser, which keeps large files
    on disk, rather than whole into memory as `request.body` would (and refuse past 2.5 MB).
    """
    assert request.method is not None
    digest = hashlib.sha256(request.method.encode() + b" " + request.path.encode() + b"\n")
    if request.content_type != "multipart/form-data":
        digest.update(request.body)
        return digest.hexdigest()
    # JSON keeps the parts apart: no field's value can pass for another field.
    digest.update(json.dumps(sorted(request.POST.lists())).encode() + b"\n")
    for name, files in sorted(request.FILES.lists()):
        for upload in files:
            digest.update(json.dumps([name, upload.name, upload.size]).encode() + b"\n")
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
    return digest.hexdigest()


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.META.get(HEADER)
        if not key or request.method != "POST" or not request.path.startswith("/api/"):
            return self.get_response(request)
        if len(key) > 255:
            return _problem(422, "Invalid input", "Idempotency-Key is longer than 255 characters.")
        user = self._user(request)
        if user is None:
            return self.get_response(request)  # the API will answer 401
        fingerprint = _fingerprint(request)
        try:
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        record = IdempotencyKey.objects.create(
                            user=user,
                            key=key,
                            method=request.method,
                            path=request.path,
                            request_hash=fingerprint,
                        )
                except IntegrityError:
                    return self._replay(user, key, fingerprint)
                response = self.get_response(request)
                if response.status_code >= 400 or getattr(response, "streaming", False):
                    raise _Discard(response)
                record.status_code = response.status_code
                record.content_type = response.get("Content-Type", "")
                record.body = response.content
                record.save(update_fields=["status_code", "content_type", "body"])
                return response
        except _Discard as discarded:
            return discarded.response

    @staticmethod
    def _user(request: HttpRequest):  # noqa: ANN205 - a User or None
        auth = request.META.get("HTTP_AUTHORIZATION", "")
        if auth.lower().startswith("bearer "):
            actor = actor_for_token(raw_token=auth[7:].strip())
            return actor.user if actor else None
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated else None

    @staticmethod
    def _replay(user: Any, key: str, fingerprint: str) -> HttpResponse:
        record = IdempotencyKey.objects.get(user=user, key=key)
        if record.request_hash != fingerprint:
            return _problem(
                422,
                "Idempotency-Key reused",
                "This Idempotency-Key was used for a different request; use a new key.",
            )
        response = HttpResponse(
            bytes(record.body or b""),
            status=record.status_code or 200,
            content_type=record.content_type or "application/json",
        )
        response["Idempotent-Replayed"] = "true"
        return response
