"""Running a queued client import: once, as the person who confirmed it (as they are now), its
rows a chunk at a time, and its end (DONE, or FAILED saying where it stopped and why).

The rows are written a chunk of CHUNK_ROWS rows at a time, each chunk in one transaction with
the import's progress, report and one change event (ImportRun).

A row is written whole or not at all: it is checked first (clients.transfer.import_rows), and a
row that fails goes to the report with its row number and reasons. Within a chunk, the cards are
written with bulk_create / bulk_update; if anything in the chunk fails, the chunk's transaction
rolls back with its progress, so `processed_rows` always counts exactly what was written.

The refused rows go to the import's report: the first KEPT_REJECTED of them on the import itself,
every one of them in its rejected rows' file, added once their chunk is committed
(clients.transfer.import_store).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salonbook.accounts.models import User
from salonbook.accounts.selectors import actor_for_user
from salonbook.clients.fields import clean_field_values
from salonbook.clients.models import CARD_FIELD_NAMES, AdditionalField, Client, ClientImport
from salonbook.clients.transfer.import_access import access_import, require_import_rights
from salonbook.clients.transfer.import_files import Table
from salonbook.clients.transfer.import_rows import (
    FIELD_PREFIX,
    ParsedRow,
    RowReader,
    client_fields,
    targets,
)
from salonbook.clients.transfer.import_store import (
    KEPT_REJECTED,
    append_rejected,
    file_kind_of,
    rejected_count,
    upload_path,
)
from salonbook.errors import DomainError, Invalid, NotFound
from salonbook.sync.services import record_change
from salonbook.tenancy.context import Actor

# The name the import's failures were logged under before the import had a package of its
# own: log filters and alerts set up for it keep matching.
logger = logging.getLogger("salonbook.clients.imports")

CHUNK_ROWS = 500
ENTITY = "client_import"
# What a merge may overwrite on an existing card (its own fields, with the row's non-empty
# values) and what follows from them.
MERGED_COLUMNS = [*CARD_FIELD_NAMES, "field_values", "search_text", "phone_digits", "version"]

T = TypeVar("T")


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@dataclass
class _Chunk:
    """What one chunk did, written in its transaction."""

    new: list[Client] = field(default_factory=list)
    changed: dict[int, Client] = field(default_factory=dict)
    merged: int = 0
    skipped: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)


class ImportRun:
    """Writes the rows of one import, a chunk at a time (see the module's docstring)."""

    def __init__(self, actor: Actor, client_import: ClientImport, path: Path, kind: str) -> None:
        self.actor = actor
        self.client_import = client_import
        self.path = path
        self.kind = kind
        self.definitions = client_fields(actor.chain_id)
        known = targets(self.definitions)
        # A field deactivated since the mapping was chosen is no longer filled.
        mapping = {c: t for c, t in client_import.mapping.items() if t in known}
        self.reader = RowReader(
            mapping=mapping, definitions=self.definitions, region=actor.chain.country
        )
        self.merge = client_import.on_duplicate == ClientImport.OnDuplicate.MERGE
        self.chunk_start = 0

    def import_rows(self) -> None:
        with Table(self.path, self.kind) as table:
            for rows in _chunks(table.records(), CHUNK_ROWS):
                self.chunk_start = rows[0][0]
                parsed = [self.reader.parse(number, record) for number, record in rows]
                try:
                    chunk = self._write(parsed)
                except IntegrityError:
                    # Someone gave a card one of these phones meanwhile: read again, once.
                    chunk = self._write(parsed)
                append_rejected(self.client_import, chunk.rejected)

    @transaction.atomic
    def _write(self, rows: list[ParsedRow]) -> _Chunk:
        chunk = _Chunk()
        phones = {row.phone for row in rows if row.phone and not row.errors}
        # Locked so a card merged into is not changed by someone else under this chunk.
        found = Client.objects.select_for_update().filter(
            chain_id=self.actor.chain_id, deleted_at__isnull=True, phone__in=phones
        )
        by_phone: dict[str, Client] = {client.phone: client for client in found}
        for row in rows:
            self._place(row, by_phone, chunk)
        for client in [*chunk.new, *chunk.changed.values()]:
            client.fill_search_columns()
        Client.objects.bulk_create(chunk.new, batch_size=250)
        for client in chunk.changed.values():
            client.version += 1
        Client.objects.bulk_update(chunk.changed.values(), MERGED_COLUMNS, batch_size=250)
        self._report(rows, chunk)
        return chunk

    def _place(self, row: ParsedRow, by_phone: dict[str, Client], chunk: _Chunk) -> None:
        """Reject the row, skip it, merge it into the card with its phone (in the base, or
        created by an earlier row of the file), or make it a new card."""
        if row.errors:
            chunk.rejected.append({"row": row.number, "errors": row.errors})
            return
        target = by_phone.get(row.phone) if row.phone else None
        if target is not None and not self.merge:
            chunk.skipped += 1
            return
        try:
            field_values = self._field_values(row, target)
        except Invalid as exc:
            errors = {_target_of(k): m[0] for k, m in exc.errors.items()}
            chunk.rejected.append({"row": row.number, "errors": errors})
            return
        if target is None:
            values = {**row.values, "name": row.values.get("name") or row.phone}
            client = Client(chain_id=self.actor.chain_id, field_values=field_values, **values)
            chunk.new.append(client)
            if row.phone:
                by_phone[row.phone] = client
            return
        chunk.merged += 1
        changed = target.field_values != field_values or any(
            getattr(target, name) != value for name, value in row.values.items()
        )
        if not changed:
            return
        for name, value in row.values.items():
            setattr(target, name, value)
        target.field_values = field_values
        if target.pk is not None:
            chunk.changed[target.pk] = target

    def _field_values(self, row: ParsedRow, target: Client | None) -> dict[str, Any]:
        """The card's additional fields after this row, checked as the card's form checks
        them: a required one missing, on the card and in the row, rejects the row."""
        if not self.definitions:
            return target.field_values if target is not None else {}
        current = target.field_values if target is not None else {}
        active = {d.key for d in self.definitions}
        values = {k: v for k, v in current.items() if k in active} | row.fields
        return clean_field_values(
            chain_id=self.actor.chain_id,
            applies_to=AdditionalField.AppliesTo.CLIENT,
            values=values,
            prefix="field",
            current=current,
            active=self.definitions,
        )

    def _report(self, rows: list[ParsedRow], chunk: _Chunk) -> None:
        client_import = self.client_import
        client_import.processed_rows += len(rows)
        client_import.created_count += len(chunk.new)
        client_import.merged_count += chunk.merged
        client_import.skipped_count += chunk.skipped
        fields = ["processed_rows", "created_count", "merged_count", "skipped_count"]
        room = KEPT_REJECTED - len(client_import.rejected)
        if chunk.rejected and room > 0:
            # Only until the list is full: past it, a chunk does not rewrite the list.
            client_import.rejected = [*client_import.rejected, *chunk.rejected[:room]]
            fields.append("rejected")
        client_import.save(update_fields=fields)
        # One event per chunk names the cards it created and changed (not a card each:
        # a large import would flood the feed); readers refetch those ids.
        record_change(
            actor=self.actor,
            entity=ENTITY,
            entity_id=client_import.pk,
            action="rows_imported",
            data={
                "rows": [rows[0].number, rows[-1].number],
                "created": [c.pk for c in chunk.new],
                "merged": sorted(chunk.changed),
                "skipped": chunk.skipped,
                "rejected": len(chunk.rejected),
            },
        )


def _target_of(error_key: str) -> str:
    """ "field.allergies" (clean_field_values' name) as the mapping names it."""
    if error_key.startswith("field."):
        return FIELD_PREFIX + error_key[len("field.") :]
    return error_key


def actor_for_import(*, import_id: int, user_id: int | None) -> Actor:
    """Who the worker acts as: the person who confirmed the import, as they are now (a
    membership ended meanwhile fails the import)."""
    client_import = ClientImport.objects.get(pk=import_id)
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        raise NotFound(_("The person who started the import can no longer log in."))
    return actor_for_user(user=user, chain_id=client_import.chain_id)


def fail_unstarted(*, import_id: int, reason: str) -> ClientImport:
    """Mark a queued import FAILED when nobody may run it any more (its change event has no
    acting person)."""
    with transaction.atomic():
        client_import = (
            ClientImport.objects.select_for_update().select_related("chain").get(pk=import_id)
        )
        if client_import.status == ClientImport.Status.QUEUED:
            nobody = Actor(user=None, chain=client_import.chain, role_key="", role_name="")
            _finish(nobody, client_import, failed=reason)
    return client_import


def run_client_import(*, actor: Actor, import_id: int) -> ClientImport:
    """Import the rows of a queued import and report. Runs once: an import that is not
    QUEUED any more (a job delivered twice) is returned as it is. The rights are checked
    again: they may have been taken away since the import was confirmed."""
    with transaction.atomic():
        client_import = access_import(actor=actor, import_id=import_id, lock=True)
        if client_import.status != ClientImport.Status.QUEUED:
            return client_import
        try:
            require_import_rights(actor, client_import.on_duplicate)
        except DomainError as exc:
            _finish(actor, client_import, failed=str(exc.detail))
            return client_import
        client_import.status = ClientImport.Status.RUNNING
        client_import.save(update_fields=["status"])
    run = ImportRun(actor, client_import, upload_path(client_import), file_kind_of(client_import))
    try:
        run.import_rows()
    except Exception as exc:
        # The details (a database's message may quote the rows' phones) go to the log only.
        logger.exception("Client import %s failed", client_import.pk)
        client_import.refresh_from_db()
        with transaction.atomic():
            _finish(actor, client_import, failed=_failure(exc, run.chunk_start))
        return client_import
    with transaction.atomic():
        _finish(actor, client_import)
    return client_import


def _failure(exc: Exception, row: int) -> str:
    """What the report says about an import that stopped: the reason when it is ours to tell
    (the file could not be read further), else only where it stopped."""
    if isinstance(exc, DomainError):
        if isinstance(exc, Invalid):
            reason = " ".join(m for messages in exc.errors.values() for m in messages)
        else:
            reason = str(exc.detail)
        if row:
            return _(
                "The import stopped at row %(row)s: %(error)s The rows before it were imported; "
                "it and the rows after it were not."
            ) % {"row": row, "error": reason}
        return _("The import failed before any row was written: %(error)s") % {"error": reason}
    if row:
        return _(
            "The import stopped at row %(row)s because of an internal error. The rows before it "
            "were imported; it and the rows after it were not."
        ) % {"row": row}
    return _("The import failed before any row was written, because of an internal error.")


def _finish(actor: Actor, client_import: ClientImport, *, failed: str = "") -> None:
    client_import.status = ClientImport.Status.FAILED if failed else ClientImport.Status.DONE
    client_import.error = failed
    client_import.finished_at = timezone.now()
    client_import.save(update_fields=["status", "error", "finished_at"])
    record_change(
        actor=actor,
        entity=ENTITY,
        entity_id=client_import.pk,
        action="failed" if failed else "done",
        data=import_counts(client_import),
    )
    # The report is kept (the rejected rows' file too); the uploaded file (personal data) is
    # not needed any more.
    transaction.on_commit(partial(upload_path(client_import).unlink, missing_ok=True))


def import_counts(client_import: ClientImport) -> dict[str, int]:
    return {
        "rows": client_import.total_rows,
        "processed": client_import.processed_rows,
        "created": client_import.created_count,
        "merged": client_import.merged_count,
        "skipped": client_import.skipped_count,
        "rejected": rejected_count(client_import),
    }
