"""Helpers for the settings pages' tests: read what a page said (browse with
`tests.pages.browser_as`)."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape

from salonbook.sync.models import ChangeEvent
from tests.salon import Salon


def refused_form(response: Any) -> dict[str, list[str]]:
    """Assert the form came back with messages (422); return them by field ("__all__": top)."""
    assert response.status_code == 422, (response.status_code, response.content[:500])
    errors = response.context["form"].errors
    assert errors, "a 422 page without messages"
    for messages in errors.values():
        for message in messages:
            assert escape(message) in response.content.decode(), message
    return {field: list(messages) for field, messages in errors.items()}


def main_of(response: Any) -> str:
    """The page's own content (inside <main>), without the shell's menus and forms."""
    text = response.content.decode()
    return text[text.index("<main") : text.index("</main>")]


def said(response: Any) -> list[str]:
    """The messages shown on a page reached by following a redirect (`follow=True`)."""
    assert response.status_code == 200, response.status_code
    assert response.redirect_chain, "expected a redirect after the save"
    return [str(m) for m in response.context["messages"]]


def forbidden(response: Any) -> str:
    """Assert a 403 page that says why; return its text."""
    assert response.status_code == 403, (response.status_code, response.content[:300])
    text = response.content.decode()
    assert "may not" in text, text[:500]
    return text


def not_found(response: Any) -> None:
    assert response.status_code == 404, (response.status_code, response.content[:300])


def events(salon: Salon, entity: str | None = None) -> list[tuple[str, int, str]]:
    """The salon's change events as (entity, id, action), oldest first."""
    qs = ChangeEvent.objects.filter(chain=salon.chain).order_by("pk")
    if entity:
        qs = qs.filter(entity=entity)
    return list(qs.values_list("entity", "entity_id", "action"))


def event_count(salon: Salon) -> int:
    return ChangeEvent.objects.filter(chain=salon.chain).count()
