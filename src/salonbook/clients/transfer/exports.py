"""Exporting the client base to CSV or Excel.

The headers are the labels the import recognises (import_rows.CARD_FIELDS, the chain's additional
fields by label) and the values are written the way the import reads them, so an export can be
edited and imported back. Phones are masked for whoever may not see them.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from functools import partial
from typing import IO, Any

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.clients.models import AdditionalField, Client, Gender, Importance
from salonbook.clients.phones import mask_phone
from salonbook.clients.selectors import matching_clients
from salonbook.clients.transfer.import_rows import CARD_FIELDS, client_fields
from salonbook.errors import Invalid
from salonbook.sync.services import record_change
from salonbook.tenancy.context import Actor
from salonbook.tenancy.selectors import location_list
from salonbook.web.formatting import format_phone

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection): such a
# cell is written after an apostrophe, which the import takes off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BATCH = 1000


@dataclass
class Export:
    """A file on its way out: its name, type, and its bytes in pieces."""

    filename: str
    content_type: str
    chunks: Iterator[bytes]


def export_clients(*, actor: Actor, format: str = "csv", query: str = "") -> Export:
    """The live clients (those `query` finds, as the client list finds them) as a CSV or
    Excel file; who exported, in which format and how many rows goes to the change feed."""
    require(actor, "clients.view")
    require(actor, "clients.export")
    if format not in FORMATS:
        raise Invalid({"format": _("Choose CSV or Excel (xlsx).")})
    clients = matching_clients(actor=actor, query=query)
    definitions = client_fields(actor.chain_id)
    masked = not actor.can("clients.view_phone")
    with transaction.atomic():
        record_change(
            actor=actor,
            # The audit of who took the base away; nothing in it names a client.
            entity="chain",
            entity_id=actor.chain_id,
            action="clients_exported",
            data={
                "format": format,
                "filtered": bool(query.strip()),
                "rows": clients.count(),
                "phones_masked": masked,
            },
        )
    header = [str(label) for label in CARD_FIELDS.values()] + [_("Created")]
    header += [d.label for d in definitions]
    # Words in the page's language, chosen now: the rows are written after the view returns.
    words = _Words(
        yes=_("Yes"),
        no=_("No"),
        choices={str(v): str(label) for v, label in [*Gender.choices, *Importance.choices] if v},
    )
    rows = _rows(clients, definitions, masked=masked, zone=_zone(actor), words=words)
    stamp = timezone.localdate().isoformat()
    if format == "csv":
        chunks = _csv(header, rows)
    else:
        chunks = _xlsx(header, rows, sheet_title=_("Clients"))
    return Export(f"clients-{stamp}.{format}", FORMATS[format], chunks)


def _zone(actor: Actor) -> tzinfo:
    location = location_list(actor=actor).order_by("id").first()
    return location.zone if location is not None else timezone.get_current_timezone()


@dataclass(frozen=True)
class _Words:
    yes: str
    no: str
    choices: dict[str, str]  # gender and importance values -> labels

    def yes_no(self, value: bool) -> str:
        return self.yes if value else self.no


def _field_text(definition: AdditionalField, value: Any, words: _Words) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return words.yes_no(value)
    if definition.kind == AdditionalField.Kind.DATE:
        try:
            return date.fromisoformat(str(value)).strftime("%d.%m.%Y")
        except ValueError:
            return str(value)
    return str(value)


def _rows(
    clients: QuerySet[Client],
    definitions: list[AdditionalField],
    *,
    masked: bool,
    zone: tzinfo,
    words: _Words,
) -> Iterator[list[Any]]:
    for client in clients.iterator(chunk_size=BATCH):
        phone = mask_phone(client.phone) if masked else format_phone(client.phone)
        created: datetime = timezone.localtime(client.created_at, zone)
        values = client.field_values or {}
        yield [
            # A card named by its number shows it as the phone column does.
            phone if client.phone and client.name == client.phone else client.name,
            phone,
            client.email,
            words.choices.get(client.gender, client.gender),
            client.birth_date,
            client.card_number,
            words.choices.get(client.importance, client.importance),
            client.prediscount,
            words.yes_no(client.sms_birthday),
            words.yes_no(client.sms_excluded),
            client.comment,
            created.replace(tzinfo=None, second=0, microsecond=0),
            *(_field_text(d, values.get(d.key), words) for d in definitions),
        ]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv(header: list[str], rows: Iterable[list[Any]]) -> Iterator[bytes]:
    """UTF-8 with a BOM (so Excel reads it as UTF-8), a batch of rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([_text(h) for h in header])
    for count, row in enumerate(rows, start=1):
        writer.writerow([_text(v) for v in row])
        if count % BATCH == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def _xlsx(header: list[str], rows: Iterable[list[Any]], *, sheet_title: str) -> Iterator[bytes]:
    """A workbook is a zip written whole at the end: built in a temporary file (on disk once
    it is large), then read out in pieces."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)

    def cell(value: Any) -> Any:
        if isinstance(value, str):
            # XML cannot hold most control characters (openpyxl refuses them, halfway through
            # the download): they are invisible in a spreadsheet anyway, and left out.
            made = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
            # openpyxl takes a string starting with "=" for a formula; it is text here.
            made.data_type = "s"
            return made
        return value

    sheet.append([cell(h) for h in header])
    for row in rows:
        sheet.append([cell(v) for v in row])
    with tempfile.SpooledTemporaryFile(max_size=8 * 2**20) as spool:
        workbook.save(spool)
        spool.seek(0)
        yield from _pieces(spool)


def export_response(request: HttpRequest, export: Export) -> StreamingHttpResponse:
    """The export as a download. Under ASGI the pieces are handed over asynchronously (a
    synchronous iterator would be read whole into memory first); each piece is still made in
    the one thread that holds the database connection."""
    chunks: Iterator[bytes] | AsyncIterator[bytes] = export.chunks
    if isinstance(request, ASGIRequest):
        chunks = _async(export.chunks)
    response = StreamingHttpResponse(chunks, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response


async def _async(chunks: Iterator[bytes]) -> AsyncIterator[bytes]:
    following = sync_to_async(partial(next, chunks, None), thread_sensitive=True)
    while (piece := await following()) is not None:
        yield piece


def _pieces(file: IO[bytes], size: int = 64 * 1024) -> Iterator[bytes]:
    while piece := file.read(size):
        yield piece
