"""Reading the client base."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.clients.models import AdditionalField, Client
from salonbook.clients.phones import mask_phone, normalize_phone
from salonbook.errors import Invalid, NotFound
from salonbook.tenancy.context import Actor


def client_search(
    *,
    actor: Actor,
    query: str = "",
    importance: str | None = None,
    birthday_month: int | None = None,
    only_ids: AbstractSet[int] | None = None,
    limit: int = 50,
) -> list[Client]:
    """The first `limit` (at most 200) of `matching_clients`, as a list shows them; with
    `only_ids`, only those among them (kept out of the SQL: the set may be larger than the
    parameters a statement may carry)."""
    limit = max(1, min(limit, 200))
    found = matching_clients(
        actor=actor, query=query, importance=importance, birthday_month=birthday_month
    )
    if only_ids is None:
        return list(found[:limit])
    if not only_ids:
        return []
    shown: list[Client] = []
    for client in found.iterator(chunk_size=2000):
        if client.pk in only_ids:
            shown.append(client)
            if len(shown) == limit:
                break
    return shown


def matching_clients(
    *,
    actor: Actor,
    query: str = "",
    importance: str | None = None,
    birthday_month: int | None = None,
) -> QuerySet[Client]:
    """Live clients whose name, e-mail or card number holds `query` (in any case), or whose
    phone holds its digits, in the international or the national form ("+7 916", "8 916").

    Without the right to see phone numbers, digits find a client only by the whole number:
    matching on fragments would let someone narrow a masked number down digit by digit.
    `importance` ("" for no class) and `birthday_month` (1-12) narrow the list further.
    """
    require(actor, "clients.view")
    qs = Client.objects.filter(chain_id=actor.chain_id, deleted_at__isnull=True)
    # A NUL cannot be stored (PostgreSQL), so it can match nothing either.
    query = query.replace("\x00", "").strip()
    if query:
        condition = Q(search_text__contains=query.casefold())
        digits = re.sub(r"\D", "", query)
        if actor.can("clients.view_phone"):
            if len(digits) >= 3:
                condition |= Q(phone_digits__contains=digits)
        elif (whole := _whole_number(actor, query)) is not None:
            condition |= Q(phone=whole)
        qs = qs.filter(condition)
    if importance is not None:
        qs = qs.filter(importance=importance)
    if birthday_month is not None:
        qs = qs.filter(birth_date__month=birthday_month)
    # By the search column (the name first, in any case): a scan of the matches and a
    # top-N sort, which beats walking the name index when few rows match.
    return qs.order_by("search_text", "id")


def _whole_number(actor: Actor, query: str) -> str | None:
    try:
        return normalize_phone(query, region=actor.chain.country) or None
    except Invalid:
        return None


def present_client(*, actor: Actor, client: Client) -> dict[str, Any]:
    """A client as the booking sheet shows them: name and the phone as the actor may see it."""
    return {
        "kind": "existing",
        "id": client.pk,
        "name": shown_name(actor=actor, name=client.name, phone=client.phone),
        "phone": visible_phone(actor=actor, phone=client.phone),
    }


def client_for_phone(*, actor: Actor, raw: str, field: str = "phone") -> tuple[str, Client | None]:
    """A typed phone in E.164 form, and the live client who has it, if any (Invalid if bad)."""
    phone = normalize_phone(raw, region=actor.chain.country, field=field)
    if not phone:
        return phone, None
    existing = Client.objects.filter(
        chain_id=actor.chain_id, phone=phone, deleted_at__isnull=True
    ).first()
    return phone, existing


def access_client(*, actor: Actor, client_id: int, lock: bool = False) -> Client:
    qs = Client.objects.filter(chain_id=actor.chain_id, deleted_at__isnull=True)
    if lock:
        qs = qs.select_for_update()
    try:
        return qs.get(pk=client_id)
    except Client.DoesNotExist:
        raise NotFound(_("Client %(id)s not found.") % {"id": client_id}) from None


def client_prediscount(*, actor: Actor, client_id: int | None) -> Decimal:
    """The percent the client's new visits start with off (0 for no client or none)."""
    if client_id is None:
        return Decimal(0)
    found = (
        Client.objects.filter(chain_id=actor.chain_id, pk=client_id, deleted_at__isnull=True)
        .values_list("prediscount", flat=True)
        .first()
    )
    return found or Decimal(0)


def shown_name(*, actor: Actor, name: str, phone: str) -> str:
    """The client's name as this actor may see it. A card made from a phone alone is named by
    its number, which is then masked like the phone itself."""
    if phone and name == phone and not actor.can("clients.view_phone"):
        return mask_phone(phone)
    return name


def visible_phone(*, actor: Actor, phone: str) -> str:
    """The phone as this actor may see it: whole, or masked without the right."""
    return phone if actor.can("clients.view_phone") else mask_phone(phone)


def additional_fields(*, actor: Actor, applies_to: str | None = None) -> QuerySet[AdditionalField]:
    qs = AdditionalField.objects.filter(chain_id=actor.chain_id, is_active=True)
    return qs.filter(applies_to=applies_to) if applies_to else qs


def additional_field_list(*, actor: Actor) -> QuerySet[AdditionalField]:
    """Every additional field of the chain, deactivated ones too, for the settings page."""
    require(actor, "settings.manage")
    return AdditionalField.objects.filter(chain_id=actor.chain_id).order_by(
        "applies_to", "sort_order", "id"
    )


def access_additional_field(*, actor: Actor, field_id: int, lock: bool = False) -> AdditionalField:
    qs = AdditionalField.objects.filter(chain_id=actor.chain_id)
    if lock:
        qs = qs.select_for_update()
    try:
        return qs.get(pk=field_id)
    except AdditionalField.DoesNotExist:
        raise NotFound(_("Additional field %(id)s not found.") % {"id": field_id}) from None


def visible_additional_field(*, actor: Actor, field_id: int) -> AdditionalField:
    """One field for its settings page (NotFound across chains)."""
    require(actor, "settings.manage")
    return access_additional_field(actor=actor, field_id=field_id)
