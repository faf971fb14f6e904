"""The app shell's context: who is acting, where, and which sections they may open."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _

from salonbook.tenancy.selectors import location_list
from salonbook.web.pages import current_location
from salonbook.web.sections import visible_sections

# The schedule tab is shown to who may see bookings, the clients tab to who may see client
# cards, the settings tab to who may open at least one section of the settings hub
# (web.sections decides which).
SCHEDULE_NEEDS = "bookings.view"


def _sections(permissions: AbstractSet[str]) -> set[str]:
    """Which tabs of the app shell the actor sees."""
    sections = set()
    if SCHEDULE_NEEDS in permissions:
        sections.add("schedule")
    if "clients.view" in permissions:
        sections.add("clients")
    if visible_sections(permissions):
        sections.add("settings")
    return sections


def shell(request: HttpRequest) -> dict[str, Any]:
    actor = getattr(request, "actor", None)
    context: dict[str, Any] = {
        "languages": settings.LANGUAGES,
        "language": translation.get_language(),
        # What app.js may have to say by itself, in the page's language.
        "ui_strings": {
            "network_error": _("No connection to the server: nothing was saved. Try again."),
        },
    }
    if actor is None:
        return context
    location = current_location(request)
    context.update(
        actor=actor,
        can=actor.permissions,
        sections=_sections(actor.permissions),
        location=location,
        locations=list(location_list(actor=actor)),
    )
    return context
