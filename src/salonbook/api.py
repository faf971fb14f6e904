"""The JSON API at /api/v1/: authentication, errors as RFC 9457 problem+json, the routers.

Every router lives in its app (`<app>/api.py`) and calls that app's services and selectors;
nothing here knows a business rule. Domain errors become HTTP answers in `_domain_error`.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import RawPostDataException
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.operation import Operation
from ninja.security import HttpBearer, SessionAuth

from salonbook.accounts.api import router as accounts
from salonbook.accounts.selectors import actor_for_token, actor_for_user
from salonbook.bookings.api import router as bookings
from salonbook.catalog.api import router as catalog
from salonbook.chains.api import router as locations
from salonbook.checkout.api import router as checkout
from salonbook.clientbase.api import router as client_base
from salonbook.clientbase.api import visits_router as client_visits
from salonbook.clients.api import fields_router as client_fields
from salonbook.clients.api import router as clients
from salonbook.clients.files.api import router as client_files
from salonbook.clients.transfer.api import router as client_transfer
from salonbook.errors import DomainError, Invalid, NotFound
from salonbook.inventory.api import router as inventory
from salonbook.loyalty.api import router as loyalty
from salonbook.scheduling.api import router as scheduling
from salonbook.staff.api import router as staff
from salonbook.sync.api import router as sync
from salonbook.tenancy.context import Actor
from salonbook.visits.api import router as visit_bookings
from salonbook.visits.api import visit_router as visits

PROBLEM = "application/problem+json"


class TokenAuth(HttpBearer):
    """`Authorization: Bearer sb_...` with a token issued at POST /api/v1/auth/tokens."""

    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        return actor_for_token(raw_token=token)


class SessionActorAuth(SessionAuth):
    """A logged-in browser session (CSRF-checked for writes). `X-Chain` picks the chain."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Actor | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        chain = request.headers.get("X-Chain")
        try:
            return actor_for_user(user=user, chain_id=int(chain) if chain else None)
        except (NotFound, ValueError):
            return None


class SalonbookAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # The endpoint's own name (create_booking), as its URL name already is: unique across
        # the API (tests/test_openapi.py), and the same wherever the endpoint's code lives.
        return operation.view_func.__name__


api = SalonbookAPI(
    title="Salonbook API",
    version="1",
    description="Bookings, staff schedules, services, clients and the change feed of a salon "
    "chain. Authenticate with a session cookie or `Authorization: Bearer <token>`.",
    auth=[TokenAuth(), SessionActorAuth()],
    urls_namespace="api-v1",
)


def problem(
    request: HttpRequest, status: int, title: str, detail: str, **extra: Any
) -> HttpResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = PROBLEM
    return response


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    extra: dict[str, Any] = dict(exc.extra)
    if isinstance(exc, Invalid):
        extra["errors"] = exc.errors
    return problem(request, exc.status, exc.title, exc.detail, **extra)


def _field_name(loc: list[Any] | tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc]
    # ninja prefixes body fields with ("body", "<param name>"); query/path with their source.
    if parts and parts[0] == "body":
        parts = parts[2:] if len(parts) > 2 else parts[1:]
    elif parts and parts[0] in {"query", "path", "header", "cookie", "form", "file"}:
        parts = parts[1:]
    return ".".join(parts) or "body"


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        message = re.sub(r"^Value error, ", "", str(error.get("msg", "Invalid value.")))
        errors.setdefault(_field_name(error.get("loc", ())), []).append(message)
    detail = "; ".join(f"{field}: {msgs[0]}" for field, msgs in errors.items())
    return problem(request, 422, "Invalid input", detail, errors=errors)


@api.exception_handler(OverflowError)
def _number_too_large(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    # An id beyond what the database can store names nothing: say so rather than fail.
    return problem(request, 422, "Invalid input", "A number in the request is too large.")


@api.exception_handler(RawPostDataException)
def _form_where_json_is_read(request: HttpRequest, exc: RawPostDataException) -> HttpResponse:
    # A form body (already read as a form, e.g. to fingerprint an Idempotency-Key) sent to an
    # operation that reads JSON.
    return problem(request, 415, "Unsupported media type", "Send this operation a JSON body.")


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = problem(
        request, 401, "Not logged in", "Log in, or send Authorization: Bearer <API token>."
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, exc.status_code, "Request refused", str(exc))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(request, 404, "Not found", "Not found.")


# The routers, in the order the API's documentation lists their operations.
api.add_router("/auth", accounts, tags=["auth"])
api.add_router("/locations", locations, tags=["locations"])
api.add_router("/", staff, tags=["staff"])
api.add_router("/", scheduling, tags=["working hours"])
api.add_router("/", catalog, tags=["services"])
api.add_router("/", inventory, tags=["stock"])
api.add_router("/", client_transfer, tags=["clients"])
# The client base: /clients (search, add) and a client's visits are clientbase's, the card and
# the additional fields clients'; registered in the order the document listed them in one router.
api.add_router("/", client_base, tags=["clients"])
api.add_router("/", clients, tags=["clients"])
api.add_router("/", client_visits, tags=["clients"])
api.add_router("/", client_fields, tags=["clients"])
api.add_router("/", client_files, tags=["client files"])
api.add_router("/", visit_bookings, tags=["bookings"])
api.add_router("/", bookings, tags=["bookings"])
api.add_router("/", visits, tags=["visits and payments"])
api.add_router("/", checkout, tags=["visits and payments"])
api.add_router("/", loyalty, tags=["memberships and gift cards"])
api.add_router("/changes", sync, tags=["change feed"])
