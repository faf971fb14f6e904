"""Reading the change feed."""

from __future__ import annotations

from typing import Any

from salonbook.accounts.permissions import require
from salonbook.sync.models import ChangeEvent
from salonbook.sync.services import event_payload
from salonbook.tenancy.context import Actor

MAX_PAGE = 1000


def changes_after(*, actor: Actor, after: int = 0, limit: int = 500) -> dict[str, Any]:
    """Changes of the actor's chain with a cursor greater than `after`, oldest first.

    `next` is the cursor to pass next time; `more` says whether another page is waiting.
    """
    require(actor, "changes.view")
    limit = max(1, min(limit, MAX_PAGE))
    rows = list(
        ChangeEvent.objects.filter(chain_id=actor.chain_id, pk__gt=after).order_by("pk")[
            : limit + 1
        ]
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "changes": [event_payload(e) for e in rows],
        "next": rows[-1].pk if rows else after,
        "more": more,
    }


def latest_cursor(*, actor: Actor) -> int:
    """The cursor of the chain's newest change: a page drawn now is current up to here."""
    last = (
        ChangeEvent.objects.filter(chain_id=actor.chain_id)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return last or 0
