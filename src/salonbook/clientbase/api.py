"""The client base through the API where it shows money: the search of the base, which filters
by who owes for a visit (GET /clients, with adding a card, POST /clients, as one URL's two
operations must sit in one router), and a client's visits (GET /clients/{id}/visits).
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from salonbook.checkout.client_selectors import client_visits as visit_history
from salonbook.checkout.client_selectors import clients_with_balance
from salonbook.clientbase.schemas import ClientVisitsOut
from salonbook.clients import selectors, services
from salonbook.clients.api import client_out
from salonbook.clients.schemas import ClientIn, ClientOut, Importance
from salonbook.tenancy.context import actor_of

router = Router()
# Its own router, so that the API's document lists the visits after the card's own operations
# (clients.api's router), as it did before: salonbook.api registers it after that one.
visits_router = Router()


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
    return [client_out(actor, c) for c in found]


@router.post("/clients", response={201: ClientOut})
def create_client(request: HttpRequest, payload: ClientIn):
    actor = actor_of(request)
    data = payload.dict()
    data["email"] = data["email"] or ""
    return Status(201, client_out(actor, services.create_client(actor=actor, **data)))


@visits_router.get(
    "/clients/{client_id}/visits",
    response=ClientVisitsOut,
)
def client_visits(request: HttpRequest, client_id: int, offset: int = 0, limit: int = 200):
    """The client's visits, newest first, 200 at most a page."""
    return visit_history(actor=actor_of(request), client_id=client_id, offset=offset, limit=limit)
