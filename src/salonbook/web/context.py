"""The app shell's context: who is acting, where, and which sections they may open."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _

from salonbook.tenancy.selectors import location_list

# A section of the app shell is shown when the actor holds one of these permissions.
SECTIONS = {
    "schedule": {"bookings.view"},
    "settings": {
        "staff.view",
        "services.view",
        "schedules.view",
        "settings.manage",
    },
}


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
    from salonbook.web.pages import current_location

    location = current_location(request)
    context.update(
        actor=actor,
        can=actor.permissions,
        sections={name for name, needs in SECTIONS.items() if needs & actor.permissions},
        location=location,
        locations=list(location_list(actor=actor)),
    )
    return context
