"""Domain errors: raised by services and selectors, turned into HTTP answers in one place.

The API maps them to RFC 9457 problem+json (see salonbook.api); pages turn them into form
messages. A service never returns an error value: it raises one of these.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class DomainError(Exception):
    status = 400
    title = "Request refused"

    def __init__(self, detail: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra or {}


class NotFound(DomainError):
    """Missing, or belonging to another chain: both look the same from outside."""

    status = 404
    title = "Not found"


class NotAllowed(DomainError):
    status = 403
    title = "Not allowed"


class Invalid(DomainError):
    """Input that passed the schema but breaks a rule; `errors` maps field -> messages."""

    status = 422
    title = "Invalid input"

    def __init__(self, errors: Mapping[str, list[str] | str], detail: str | None = None) -> None:
        self.errors = {k: [v] if isinstance(v, str) else list(v) for k, v in errors.items()}
        if detail is None:
            detail = "; ".join(f"{k}: {m[0]}" for k, m in self.errors.items()) or self.title
        super().__init__(detail)


class Conflict(DomainError):
    status = 409
    title = "Conflict"


class BookingConflict(Conflict):
    title = "The time is taken"


class DuplicateClient(Conflict):
    title = "Client already exists"


class VisitPaid(Conflict):
    """A visit paid in full keeps its lines until its payments are deleted."""

    title = "Visit is paid"


class PreconditionFailed(DomainError):
    """The record changed since the caller read it (a stale If-Match)."""

    status = 412
    title = "Changed by someone else"
