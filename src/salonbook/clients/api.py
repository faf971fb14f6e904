from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from salonbook.accounts.permissions import require
from salonbook.checkout.client_selectors import client_visits as visit_history
from salonbook.checkout.client_selectors import clients_with_balance
from salonbook.clients import selectors, services
from salonbook.clients.models import Client
from salonbook.clients.schemas import (
    AdditionalFieldIn,
    AdditionalFieldOut,
    AdditionalFieldPatch,
    ClientIn,
    ClientOut,
    ClientPatch,
    ClientVisitsOut,
    Importance,
)
from salonbook.http import if_match_version, set_etag
from salonbook.tenancy.context import Actor, actor_of

router = Router()


def _present(actor: Actor, client: Client) -> dict:
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


@router.get("/clients", response=list[ClientOut])
def search_clients(
    request: HttpRequest,
    q: str = "",
    importance: Importance | None = None,
    birthday_month: int | None = Query(None, ge=1, le=12),
    has_balance: bool = False,
    limit: int = 50,
):
    """Search by any part of the name, e-mail or card number, or by three or more digits of
    the phone (international or national form); `importance` ("" for no class),
    `birthday_month` and `has_balance` (owes for a visit) narrow the list."""
    actor = actor_of(request)
    owing = clients_with_balance(actor=actor) if has_balance else None
    found = selectors.client_search(
        actor=actor,
        query=q,
        importance=importance,
        birthday_month=birthday_month,
        only_ids=owing,
        limit=limit,
    )
    return [_present(actor, c) for c in found]


@router.post("/clients", response={201: ClientOut})
def create_client(request: HttpRequest, payload: ClientIn):
    actor = actor_of(request)
    data = payload.dict()
    data["email"] = data["email"] or ""
    return Status(201, _present(actor, services.create_client(actor=actor, **data)))


@router.get("/clients/{client_id}", response=ClientOut)
def get_client(request: HttpRequest, response: HttpResponse, client_id: int):
    actor = actor_of(request)
    require(actor, "clients.view")
    client = selectors.access_client(actor=actor, client_id=client_id)
    set_etag(response, client.version)
    return _present(actor, client)


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
    return _present(actor, client)


@router.get("/clients/{client_id}/visits", response=ClientVisitsOut)
def client_visits(request: HttpRequest, client_id: int, offset: int = 0, limit: int = 200):
    """The client's visits, newest first, 200 at most a page."""
    return visit_history(actor=actor_of(request), client_id=client_id, offset=offset, limit=limit)


@router.delete("/clients/{client_id}", response={204: None})
def delete_client(request: HttpRequest, client_id: int):
    services.delete_client(actor=actor_of(request), client_id=client_id)
    return Status(204, None)


@router.get("/additional-fields", response=list[AdditionalFieldOut])
def list_additional_fields(request: HttpRequest, applies_to: str | None = None):
    return selectors.additional_fields(actor=actor_of(request), applies_to=applies_to)


@router.post("/additional-fields", response={201: AdditionalFieldOut})
def create_additional_field(request: HttpRequest, payload: AdditionalFieldIn):
    return Status(201, services.create_additional_field(actor=actor_of(request), **payload.dict()))


@router.patch("/additional-fields/{field_id}", response=AdditionalFieldOut)
def update_additional_field(request: HttpRequest, field_id: int, payload: AdditionalFieldPatch):
    """Deactivate with `{"is_active": false}`: the field leaves the forms, stored values stay."""
    return services.update_additional_field(
        actor=actor_of(request), field_id=field_id, **payload.dict(exclude_unset=True)
    )
