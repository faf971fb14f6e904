"""Helpers for page tests: a browser-like client logged in as one of the salon's people."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from tests.salon import Salon

HTMX = {"HX-Request": "true"}


def browser_as(salon: Salon, role: str = "owner") -> Client:
    """A test client with that person's session, as their browser would have after logging in."""
    client = Client()
    client.force_login(salon.users[role])
    return client


def htmx_triggers(response: Any) -> dict[str, Any]:
    """The events an htmx response asks the page to fire (the HX-Trigger header)."""
    raw = response.headers.get("HX-Trigger")
    return json.loads(raw) if raw else {}
