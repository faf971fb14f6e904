"""The client card through the API: read, change and delete one card (/clients/{id}), and the
chain's additional fields (/additional-fields).

Searching the base and adding a card (/clients) and a client's visits are in
salonbook.clientbase: the search filters by what a client owes, and one URL's operations must
sit in one router.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from salonbook.accounts.permissions import require
from salonbook.clients import selectors, services
from salonbook.clients.models import Client
from salonbook.clients.schemas import (
    AdditionalFieldIn,
    AdditionalFieldOut,
    AdditionalFieldPatch,
    ClientOut,
    ClientPatch,
)
from salonbook.http import if_match_version, set_etag
from salonbook.tenancy.context import Actor, actor_of

router = Router()
# Its own router, so that the API's document lists the fields after the client's visits
# (salonbook.api registers clientbase's visits router between the two).
fields_router = Router()


def client_out(actor: Actor, client: Client) -> dict[str, Any]:
    """A card as the API answers it (ClientOut): the name and phone as the actor may see them."""
    return {
        "id": client.pk,
        "name": selectors.shown_name(actor=actor, name=client.name, phone=client.phone),
        "phone": selectors.visible_phone(actor=actor, phone=client.phone),
        "email": client.email,
        "gender": client.gender,
        "birth_date": client.birth_date,
        "card_number": client.card_number,
        "importance": client.importance,
        "prediscount": client.prediscount,
        "sms_birthday": client.sms_birthday,
        "sms_excluded": client.sms_excluded,
        "comment": client.comment,
        "field_values": client.field_values,
        "created_at": client.created_at,
        "version": client.version,
    }


@router.get("/clients/{client_id}", response=ClientOut)
def get_client(request: HttpRequest, response: HttpResponse, client_id: int):
    actor = actor_of(request)
    require(actor, "clients.view")
    client = selectors.access_client(actor=actor, client_id=client_id)
    set_etag(response, client.version)
    return client_out(actor, client)


@router.patch("/clients/{client_id}", response=ClientOut)
def update_client(
    request: HttpRequest, response: HttpResponse, client_id: int, payload: ClientPatch
):
    actor = actor_of(request)
    changes = payload.dict(exclude_unset=True)
    if "email" in changes:
        changes["email"] = changes["email"] or ""
    client = services.update_client(
        actor=actor, client_id=client_id, expected_version=if_match_version(request), **changes
    )
    set_etag(response, client.version)
    return client_out(actor, client)


@router.delete("/clients/{client_id}", response={204: None})
def delete_client(request: HttpRequest, client_id: int):
    services.delete_client(actor=actor_of(request), client_id=client_id)
    return Status(204, None)


@fields_router.get("/additional-fields", response=list[AdditionalFieldOut])
def list_additional_fields(request: HttpRequest, applies_to: str | None = None):
    return selectors.additional_fields(actor=actor_of(request), applies_to=applies_to)


@fields_router.post("/additional-fields", response={201: AdditionalFieldOut})
def create_additional_field(request: HttpRequest, payload: AdditionalFieldIn):
    return Status(201, services.create_additional_field(actor=actor_of(request), **payload.dict()))


@fields_router.patch("/additional-fields/{field_id}", response=AdditionalFieldOut)
def update_additional_field(request: HttpRequest, field_id: int, payload: AdditionalFieldPatch):
    """Deactivate with `{"is_active": false}`: the field leaves the forms, stored values stay."""
    return services.update_additional_field(
        actor=actor_of(request), field_id=field_id, **payload.dict(exclude_unset=True)
    )
