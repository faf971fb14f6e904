"""Importing clients from a file and exporting the base, through the API. The rules live in
clients/imports.py and clients/exports.py.

An import goes: upload (POST /clients/imports, multipart field "file") -> the columns, the
first rows and a guessed mapping; confirm (POST /clients/imports/{id}/confirm) with the mapping
and what to do with duplicates; then GET /clients/imports/{id} until it is done.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import File, Router, Schema, Status, UploadedFile
from pydantic import Field

from salonbook.api import actor_of
from salonbook.clients import exports, imports
from salonbook.clients.models import ClientImport

router = Router()


class PreviewRow(Schema):
    row: int = Field(description="The row's number in the file (the header is row 1).")
    cells: list[str] = Field(description="Its cells, in the order of `columns`.")


class ImportPreview(Schema):
    id: int
    status: str
    file_name: str
    total_rows: int
    columns: list[str] = Field(description="The file's column names (made unique).")
    rows: list[PreviewRow] = Field(description="The first rows of the file.")
    mapping: dict[str, str] = Field(
        description="Column -> field guessed from the headers; an empty field: not imported."
    )
    targets: dict[str, str] = Field(
        description='What a column can fill: "name", "phone", "email", "gender", "birth_date", '
        '"card_number", "importance", "prediscount", "sms_birthday", "sms_excluded", "comment", '
        'and "field:<key>" for the chain\'s active client fields; with their labels.'
    )


class ImportConfirm(Schema):
    mapping: dict[str, str] = Field(
        description="Column -> field (see `targets`); leave a column out, or map it to an "
        "empty string, to ignore it. The name or the phone must be among the fields."
    )
    on_duplicate: Literal["merge", "skip"] = Field(
        "skip",
        description="A row whose phone a client has already (in the base or an earlier row of "
        "the file): merge its non-empty fields into that client, or skip it.",
    )


class RejectedRow(Schema):
    row: int
    errors: dict[str, str] = Field(description="Field -> why its value was refused.")


class ImportOut(Schema):
    id: int
    status: str = Field(description="preview, queued, running, done or failed.")
    file_name: str
    mapping: dict[str, str]
    on_duplicate: str
    total_rows: int
    processed_rows: int
    created: int
    merged: int
    skipped: int
    rejected_count: int
    rejected: list[RejectedRow]
    error: str = Field(description="Why a failed import stopped, and what it did before.")
    created_at: datetime
    finished_at: datetime | None


def _present(client_import: ClientImport) -> dict[str, Any]:
    return {
        "id": client_import.pk,
        "status": client_import.status,
        "file_name": client_import.file_name,
        "mapping": client_import.mapping,
        "on_duplicate": client_import.on_duplicate,
        "total_rows": client_import.total_rows,
        "processed_rows": client_import.processed_rows,
        "created": client_import.created_count,
        "merged": client_import.merged_count,
        "skipped": client_import.skipped_count,
        "rejected_count": len(client_import.rejected),
        "rejected": client_import.rejected,
        "error": client_import.error,
        "created_at": client_import.created_at,
        "finished_at": client_import.finished_at,
    }


@router.post("/clients/imports", response={201: ImportPreview})
def start_import(request: HttpRequest, file: File[UploadedFile]):
    """Upload a CSV (comma, semicolon or tab; UTF-8 or Windows-1251) or an Excel .xlsx file
    (its first sheet), the first row being the header. Needs clients.import."""
    actor = actor_of(request)
    client_import = imports.start_client_import(actor=actor, uploaded_file=file)
    preview = imports.client_import_preview(actor=actor, import_id=client_import.pk)
    return Status(
        201,
        {
            "id": client_import.pk,
            "status": client_import.status,
            "file_name": client_import.file_name,
            "total_rows": client_import.total_rows,
            **{k: preview[k] for k in ("columns", "rows", "mapping", "targets")},
        },
    )


@router.post("/clients/imports/{import_id}/confirm", response={200: ImportOut, 202: ImportOut})
def confirm_import(request: HttpRequest, import_id: int, payload: ImportConfirm):
    """Start the import: 200 with the report when the file was small enough to import at once,
    else 202 while it runs in the background (follow it with GET /clients/imports/{id})."""
    client_import = imports.confirm_client_import(
        actor=actor_of(request),
        import_id=import_id,
        mapping=payload.mapping,
        on_duplicate=payload.on_duplicate,
    )
    done = client_import.status in (ClientImport.Status.DONE, ClientImport.Status.FAILED)
    return Status(200 if done else 202, _present(client_import))


@router.get("/clients/imports/{import_id}", response=ImportOut)
def get_import(request: HttpRequest, import_id: int):
    """An import's progress (processed of total rows) and, once done, its report."""
    return _present(imports.visible_import(actor=actor_of(request), import_id=import_id))


@router.get(
    "/clients/export",
    openapi_extra={
        "responses": {
            200: {
                "description": "The live clients as a file (CSV in UTF-8 with a BOM, or xlsx).",
                "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    exports.FORMATS["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
                },
            }
        }
    },
)
def export_clients(request: HttpRequest, format: Literal["csv", "xlsx"] = "csv", q: str = ""):
    """The client base (those `q` finds, as the client search does) as CSV or Excel. Needs
    clients.view and clients.export; phones are masked without clients.view_phone."""
    export = exports.export_clients(actor=actor_of(request), format=format, query=q)
    return exports.export_response(request, export)
