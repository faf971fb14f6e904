"""Small assertions shared by the API tests: problem+json answers and their field errors."""

from __future__ import annotations

from typing import Any

from salonbook.sync.models import ChangeEvent

PROBLEM = "application/problem+json"


def problem(response: Any, status: int) -> dict[str, Any]:
    """Assert `response` is an RFC 9457 problem with `status`; return its body."""
    assert response.status_code == status, (response.status_code, response.content)
    assert response["Content-Type"] == PROBLEM, response["Content-Type"]
    body = response.json()
    assert body["status"] == status, body
    assert body["title"] and body["detail"], body
    return body


def field_errors(response: Any) -> dict[str, list[str]]:
    """Assert `response` is a 422 problem; return its field errors."""
    body = problem(response, 422)
    assert isinstance(body.get("errors"), dict) and body["errors"], body
    return body["errors"]


def refused_for_field(response: Any, field: str) -> list[str]:
    """Assert a 422 naming `field` (exactly); return that field's messages."""
    errors = field_errors(response)
    assert field in errors, errors
    assert errors[field] and all(errors[field]), errors
    return errors[field]


def not_allowed(response: Any) -> dict[str, Any]:
    body = problem(response, 403)
    assert body["title"] == "Not allowed", body
    return body


def not_found(response: Any) -> dict[str, Any]:
    body = problem(response, 404)
    assert body["title"] == "Not found", body
    return body


def change_count(chain_id: int) -> int:
    return ChangeEvent.objects.filter(chain_id=chain_id).count()
