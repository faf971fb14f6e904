"""Importing clients from a file and exporting the base, through the API. The rules live in
clients/transfer/imports.py and exports.py.

An import goes: upload (POST /clients/imports, multipart field "file") -> the columns, the
first rows and a guessed mapping; confirm (POST /clients/imports/{id}/confirm) with the mapping
and what to do with duplicates, or cancel (DELETE /clients/imports/{id}); then
GET /clients/imports/{id} until it is done, and GET /clients/imports/{id}/rejected.csv for every
rejected row when there are more than the report lists.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import File, Router, Schema, Status, UploadedFile
from pydantic import Field

from salonbook.clients.models import ClientImport
from salonbook.clients.transfer import exports, import_access, imports
from salonbook.clients.transfer.import_cleanup import cancel_client_import
from salonbook.clients.transfer.import_store import KEPT_REJECTED, rejected_count
from salonbook.tenancy.context import actor_of

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
    rows: list[PreviewRow] = Field(
        description="The first rows of the file; phone numbers masked without clients.view_phone."
    )
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
    rejected_count: int = Field(description="How many rows were rejected, in all.")
    rejected: list[RejectedRow] = Field(
        description=f"The first {KEPT_REJECTED} rejected rows; every one is in "
        "GET /clients/imports/{id}/rejected.csv."
    )
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
        "rejected_count": rejected_count(client_import),
        "rejected": client_import.rejected,
        "error": client_import.error,
        "created_at": client_import.created_at,
        "finished_at": client_import.finished_at,
    }


@router.post(
    "/clients/imports",
    response={201: ImportPreview},
)
def start_import(request: HttpRequest, file: File[UploadedFile]):
    """Upload a CSV (comma, semicolon or tab; UTF-8 or Windows-1251) or an Excel .xlsx file
    (its first sheet), the first row being the header. Needs clients.import and
    clients.create."""
    preview = imports.start_client_import(actor=actor_of(request), uploaded_file=file)
    client_import = preview["import"]
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


@router.post(
    "/clients/imports/{import_id}/confirm",
    response={200: ImportOut, 202: ImportOut},
)
def confirm_import(request: HttpRequest, import_id: int, payload: ImportConfirm):
    """Start the import: 200 with the report when the file was small enough to import at once,
    else 202 while it runs in the background (follow it with GET /clients/imports/{id}).
    Needs clients.import and clients.create, and clients.edit to merge."""
    client_import = imports.confirm_client_import(
        actor=actor_of(request),
        import_id=import_id,
        mapping=payload.mapping,
        on_duplicate=payload.on_duplicate,
    )
    done = client_import.status in (ClientImport.Status.DONE, ClientImport.Status.FAILED)
    return Status(200 if done else 202, _present(client_import))


@router.get(
    "/clients/imports/{import_id}",
    response=ImportOut,
)
def get_import(request: HttpRequest, import_id: int):
    """An import's progress (processed of total rows) and, once done, its report."""
    return _present(import_access.visible_import(actor=actor_of(request), import_id=import_id))


@router.delete(
    "/clients/imports/{import_id}",
    response={204: None},
)
def cancel_import(request: HttpRequest, import_id: int):
    """Cancel an import still waiting for its mapping: it and its file are deleted. One that
    has started is a 409."""
    cancel_client_import(actor=actor_of(request), import_id=import_id)
    return Status(204, None)


@router.get(
    "/clients/imports/{import_id}/rejected.csv",
    openapi_extra={
        "responses": {
            200: {
                "description": "Row, field and why, for every rejected row (UTF-8 with a BOM).",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def rejected_rows(request: HttpRequest, import_id: int):
    """Every rejected row of an import, one line per row and field."""
    return exports.export_response(
        request,
        exports.Export(
            f"import-{import_id}-rejected.csv",
            exports.FORMATS["csv"],
            imports.rejected_rows_csv(actor=actor_of(request), import_id=import_id),
        ),
    )


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
