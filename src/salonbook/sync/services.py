"""Appending to the change feed. Every service that writes calls `record_change`."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import connection, transaction

from salonbook.sync import broadcast
from salonbook.sync.models import ChangeEvent
from salonbook.tenancy.context import Actor


def _serialize_commits_per_chain(chain_id: int) -> None:
    """Make event ids of one chain commit in id order.

    Clients resume from the last id they saw. On PostgreSQL two transactions can take ids 9
    and 10 and commit 10 first; a reader that then saw 10 would never see 9. A transaction-level
    advisory lock per chain, taken just before the id is drawn and held to commit, rules that
    out. SQLite needs nothing: its IMMEDIATE transactions already admit one writer at a time.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [7243, chain_id])


def event_payload(event: ChangeEvent) -> dict[str, Any]:
    return {
        "cursor": event.pk,
        "entity": event.entity,
        "id": event.entity_id,
        "action": event.action,
        "version": event.version,
        "at": event.at.isoformat(),
        "actor_id": event.actor_id,
        "data": event.data,
    }


def record_change(
    *,
    actor: Actor,
    entity: str,
    entity_id: int,
    action: str,
    version: int = 1,
    data: dict[str, Any] | None = None,
) -> ChangeEvent:
    """Append one change event; must run inside the transaction that made the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_change must be called inside the writing transaction")
    _serialize_commits_per_chain(actor.chain_id)
    event = ChangeEvent.objects.create(
        chain_id=actor.chain_id,
        entity=entity,
        entity_id=entity_id,
        action=action,
        version=version,
        actor_id=actor.user_id,
        data=data or {},
    )
    payload = {"chain_id": actor.chain_id, **event_payload(event)}
    transaction.on_commit(partial(broadcast.publish, payload))
    return event
