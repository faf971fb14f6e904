"""The settings hub, and what the settings pages of every app share about locations."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from salonbook.tenancy.models import Location
from salonbook.tenancy.selectors import location_list
from salonbook.web.pages import actor_of, current_location, page
from salonbook.web.sections import visible_sections


@page
def settings_index(request: HttpRequest) -> HttpResponse:
    """The settings hub: the sections this person's role lets them see."""
    # Not "sections": that name is the app shell's (which tabs to show).
    hub = visible_sections(actor_of(request).permissions)
    return render(request, "web/settings_index.html", {"hub": hub})


def chosen_location(request: HttpRequest) -> tuple[list[Location], Location | None]:
    """The chain's locations, and the one a per-location list shows: `?location=`, else the
    location the user works at."""
    locations = list(location_list(actor=actor_of(request)))
    wanted = request.GET.get("location", "")
    chosen = next((loc for loc in locations if str(loc.pk) == wanted), None)
    return locations, chosen or current_location(request)
