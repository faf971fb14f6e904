"""The /locations API: a chain's locations, read with an ETag and edited with If-Match."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from salonbook.chains import services
from salonbook.chains.schemas import LocationIn, LocationOut, LocationPatch
from salonbook.http import if_match_version, set_etag
from salonbook.tenancy import selectors
from salonbook.tenancy.context import actor_of

router = Router()


@router.get("", response=list[LocationOut])
def list_locations(request: HttpRequest, include_inactive: bool = False):
    return selectors.location_list(actor=actor_of(request), include_inactive=include_inactive)


@router.post("", response={201: LocationOut})
def create_location(request: HttpRequest, payload: LocationIn):
    return Status(201, services.create_location(actor=actor_of(request), **payload.dict()))


@router.get("/{location_id}", response=LocationOut)
def get_location(request: HttpRequest, response: HttpResponse, location_id: int):
    location = selectors.access_location(actor=actor_of(request), location_id=location_id)
    set_etag(response, location.version)
    return location


@router.patch("/{location_id}", response=LocationOut)
def update_location(
    request: HttpRequest, response: HttpResponse, location_id: int, payload: LocationPatch
):
    location = services.update_location(
        actor=actor_of(request),
        location_id=location_id,
        expected_version=if_match_version(request),
        **payload.dict(exclude_unset=True),
    )
    set_etag(response, location.version)
    return location
