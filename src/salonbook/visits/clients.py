"""The client of a booking: a card from the base, or a new one described by phone, name and
e-mail. A new client's card is written in the booking's own transaction, so a refused booking
leaves no card behind; a phone already in the base picks that client instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from salonbook.clients.selectors import access_client
from salonbook.clients.services import find_or_create_client
from salonbook.errors import Invalid, NotFound
from salonbook.tenancy.context import Actor


@dataclass(frozen=True)
class NewClient:
    phone: str
    name: str = ""
    email: str = ""


def resolve_client(actor: Actor, client_id: int | None, new_client: NewClient | None) -> int | None:
    """The id of the booking's client: `client_id` (one of the chain's), or the card found or
    written for `new_client`'s phone; None for a booking without a client."""
    if client_id is not None and new_client is not None:
        raise Invalid(
            {"client_id": _("Choose an existing client or describe a new one, not both.")}
        )
    if client_id is not None:
        try:
            return access_client(actor=actor, client_id=client_id).pk
        except NotFound:
            raise Invalid({"client_id": _("No client %(id)s.") % {"id": client_id}}) from None
    if new_client is not None:
        return find_or_create_client(
            actor=actor, phone=new_client.phone, name=new_client.name, email=new_client.email
        ).pk
    return None
