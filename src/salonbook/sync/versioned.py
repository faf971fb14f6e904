"""The one protocol for changing a record that many screens show: every service that updates a
record's fields uses it.

A service checks the right, reads the record locked (its `access_…(lock=True)` selector), and
changes it inside `changing`:

    with changing(service, actor=actor, entity="service", expected_version=expected) as change:
        change.apply(changes, allowed=SERVICE_FIELDS, exclude=["chain"])

On entry a writer holding an older version is refused (If-Match: PreconditionFailed, 412).
When the block ends without an error, a versioned record's version goes up, the record is
saved, and a change event names the fields that changed - all in the caller's transaction, so
nothing is announced that was not committed. An error in the block leaves all of it undone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from salonbook.concurrency import check_version
from salonbook.records import Versioned
from salonbook.sync.services import record_change
from salonbook.tenancy.context import Actor
from salonbook.validation import apply_changes


@dataclass
class Change:
    """What the block says of its change: the fields it changed, and (rarely) a more precise
    action or more data for the change event. `skip()` when nothing changed after all."""

    record: models.Model
    fields: set[str] = field(default_factory=set)
    action: str = "updated"
    data: dict[str, Any] = field(default_factory=dict)
    skipped: bool = False

    def apply(
        self,
        changes: dict[str, Any],
        *,
        allowed: Iterable[str],
        exclude: Iterable[str] | None = None,
    ) -> None:
        """Set `changes` on the record - refusing unknown fields and nulls, then validating
        it (validation.apply_changes) - and name them in the change event."""
        apply_changes(self.record, changes, allowed=allowed, exclude=exclude)
        self.fields.update(changes)

    def skip(self) -> None:
        """Nothing changed: no new version, no save, no event sent to every device."""
        self.skipped = True


@contextmanager
def changing(
    record: models.Model,
    *,
    actor: Actor,
    entity: str,
    expected_version: int | None = None,
    save: Callable[[], None] | None = None,
) -> Iterator[Change]:
    """Change `record` (locked by the caller) in the block; see the module's docstring.

    `save` replaces `record.save()` where saving has refusals of its own (a unique name).
    """
    if isinstance(record, Versioned):
        check_version(record, expected_version)
    elif expected_version is not None:
        raise TypeError(f"{type(record).__name__} keeps no version to check")
    change = Change(record)
    yield change
    if change.skipped:
        return
    version = 1  # what the feed says of a record that keeps no version
    if isinstance(record, Versioned):
        record.version += 1
        version = record.version
    if save is not None:
        save()
    else:
        record.save()
    record_change(
        actor=actor,
        entity=entity,
        entity_id=record.pk,
        action=change.action,
        version=version,
        data={**change.data, "fields": sorted(change.fields)},
    )
