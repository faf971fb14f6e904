"""Writing the rows of a client import: a chunk of CHUNK_ROWS rows at a time, each chunk in
one transaction with the import's progress, report and one change event.

A row is written whole or not at all: it is checked first (clients.import_rows), and a row that
fails goes to the report with its row number and reasons. Within a chunk, the cards are written
with bulk_create / bulk_update; if anything in the chunk fails, the chunk's transaction rolls
back with its progress, so `processed_rows` always counts exactly what was written.

The refused rows go to the import's report: the first KEPT_REJECTED of them on the import itself,
every one of them in its rejected rows' file, added once their chunk is committed
(clients.import_store).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from django.db import IntegrityError, transaction

from salonbook.clients.fields import clean_field_values
from salonbook.clients.import_files import Table
from salonbook.clients.import_rows import (
    FIELD_PREFIX,
    ParsedRow,
    RowReader,
    client_fields,
    targets,
)
from salonbook.clients.import_store import KEPT_REJECTED, append_rejected
from salonbook.clients.models import CARD_FIELD_NAMES, AdditionalField, Client, ClientImport
from salonbook.errors import Invalid
from salonbook.sync.services import record_change
from salonbook.tenancy.context import Actor

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
