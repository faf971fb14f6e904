from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from salonbook.accounts.permissions import require
from salonbook.http import DbInt, if_match_version, set_etag
from salonbook.staff import selectors, services
from salonbook.staff.schemas import PositionIn, PositionOut, StaffIn, StaffOut, StaffPatch
from salonbook.tenancy.context import actor_of

router = Router()


@router.get("/positions", response=list[PositionOut])
def list_positions(request: HttpRequest):
    return selectors.position_list(actor=actor_of(request))


@router.post("/positions", response={201: PositionOut})
def create_position(request: HttpRequest, payload: PositionIn):
    return Status(201, services.create_position(actor=actor_of(request), name=payload.name))


@router.patch("/positions/{position_id}", response=PositionOut)
def rename_position(request: HttpRequest, position_id: int, payload: PositionIn):
    return services.rename_position(
        actor=actor_of(request), position_id=position_id, name=payload.name
    )


@router.get("/staff", response=list[StaffOut])
def list_staff(
    request: HttpRequest, location_id: DbInt | None = None, include_inactive: bool = False
):
    return selectors.staff_list(
        actor=actor_of(request), location_id=location_id, include_inactive=include_inactive
    )


@router.post("/staff", response={201: StaffOut})
def create_staff(request: HttpRequest, payload: StaffIn):
    return Status(201, services.create_staff_member(actor=actor_of(request), **payload.dict()))


@router.get("/staff/{staff_id}", response=StaffOut)
def get_staff(request: HttpRequest, response: HttpResponse, staff_id: int):
    actor = actor_of(request)
    require(actor, "staff.view")
    member = selectors.access_staff_member(actor=actor, staff_id=staff_id)
    set_etag(response, member.version)
    return member


@router.patch("/staff/{staff_id}", response=StaffOut)
def update_staff(request: HttpRequest, response: HttpResponse, staff_id: int, payload: StaffPatch):
    member = services.update_staff_member(
        actor=actor_of(request),
        staff_id=staff_id,
        expected_version=if_match_version(request),
        **payload.dict(exclude_unset=True),
    )
    set_etag(response, member.version)
    return member
