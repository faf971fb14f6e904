"""Files on client cards through the API: list, upload (multipart, field "file"), download,
delete. The rules live in clients/files/services.py and selectors.py.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status, UploadedFile
from pydantic import Field

from salonbook.clients.files import selectors, services
from salonbook.clients.files.responses import client_file_response
from salonbook.clients.models import ClientFile
from salonbook.errors import Invalid
from salonbook.tenancy.context import actor_of

router = Router()


class ClientFileOut(Schema):
    id: int
    name: str = Field(description="The name it was uploaded with.")
    kind: str = Field(description="What its content was checked to be: jpeg, png, pdf, docx, ...")
    content_type: str
    size: int = Field(description="In bytes.")
    uploaded_at: datetime
    uploaded_by: str = Field(description="Who uploaded it; empty if unknown.")
    download_url: str


def _present(client_file: ClientFile) -> dict[str, Any]:
    url = reverse(
        "api-v1:client_file_content",
        kwargs={"client_id": client_file.client_id, "file_id": client_file.pk},
    )
    return {**selectors.present_client_file(client_file), "download_url": url}


@router.get(
    "/clients/{client_id}/files",
    response=list[ClientFileOut],
)
def list_client_files(request: HttpRequest, client_id: int):
    """The files on a client's card, newest first (needs clients.view and clients.files)."""
    actor = actor_of(request)
    return [_present(f) for f in selectors.client_files(actor=actor, client_id=client_id)]


@router.post(
    "/clients/{client_id}/files",
    response={201: ClientFileOut},
    openapi_extra={
        "requestBody": {
            "content": {"multipart/form-data": {"schema": {"required": ["file"]}}},
        }
    },
)
def upload_client_file(
    request: HttpRequest, client_id: int, file: File[UploadedFile | None] = None
):
    """Add a file (multipart/form-data, field "file", required): JPEG, PNG, GIF, PDF, DOC,
    DOCX, XLS, XLSX or TXT, checked by content, up to the chain's limit. Needs
    clients.files_manage."""
    actor = actor_of(request)
    # Optional to the schema so that a missing file is refused like any other, on "file".
    if file is None:
        raise Invalid({"file": _("Choose a file to add.")})
    row = services.upload_client_file(actor=actor, client_id=client_id, file=file)
    return Status(201, _present(row))


@router.get(
    "/clients/{client_id}/files/{file_id}/content",
    url_name="client_file_content",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file, as an attachment.",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
)
def download_client_file(request: HttpRequest, client_id: int, file_id: int):
    """The file's bytes, as an attachment with its checked content type."""
    actor = actor_of(request)
    client_file = selectors.access_client_file(actor=actor, client_id=client_id, file_id=file_id)
    return client_file_response(client_file)


@router.delete(
    "/clients/{client_id}/files/{file_id}",
    response={204: None},
)
def delete_client_file(request: HttpRequest, client_id: int, file_id: int):
    services.delete_client_file(actor=actor_of(request), client_id=client_id, file_id=file_id)
    return Status(204, None)
