"""Reading the files on client cards: which a person may see, their bytes, and how they are
shown (the page and the API alike)."""

from __future__ import annotations

from typing import IO, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.clients.files.kinds import IMAGES
from salonbook.clients.files.storage import stored_path
from salonbook.clients.models import ClientFile
from salonbook.clients.selectors import access_client
from salonbook.errors import NotFound
from salonbook.tenancy.context import Actor


def _require_sight(actor: Actor) -> None:
    require(actor, "clients.view")
    require(actor, "clients.files")


def client_files(*, actor: Actor, client_id: int) -> QuerySet[ClientFile]:
    """The files on a live client's card, newest first, with who uploaded them."""
    _require_sight(actor)
    client = access_client(actor=actor, client_id=client_id)
    return ClientFile.objects.filter(client=client).select_related("uploaded_by")


def file_on_card(*, actor: Actor, client_id: int, file_id: int, lock: bool = False) -> ClientFile:
    """A file on a live client's card in the actor's chain, whatever the actor's rights (the
    callers check theirs first); `lock` for a write."""
    client = access_client(actor=actor, client_id=client_id)
    qs = ClientFile.objects.filter(client=client)
    if lock:
        qs = qs.select_for_update()
    try:
        return qs.get(pk=file_id)
    except ClientFile.DoesNotExist:
        raise NotFound(_("File %(id)s not found.") % {"id": file_id}) from None


def access_client_file(*, actor: Actor, client_id: int, file_id: int) -> ClientFile:
    """A file the actor may download: theirs to see, on a live client of their chain."""
    _require_sight(actor)
    return file_on_card(actor=actor, client_id=client_id, file_id=file_id)


def open_client_file(client_file: ClientFile) -> IO[bytes]:
    """The stored bytes of a file got through `access_client_file`."""
    try:
        return stored_path(client_file.stored_name).open("rb")
    except FileNotFoundError:
        raise NotFound(_("The file is missing from the storage.")) from None


def uploader_name(client_file: ClientFile) -> str:
    user = client_file.uploaded_by
    if user is None:
        return ""
    return user.get_full_name() or user.email


def present_client_file(client_file: ClientFile) -> dict[str, Any]:
    return {
        "id": client_file.pk,
        "client_id": client_file.client_id,
        "name": client_file.name,
        "kind": client_file.kind,
        "content_type": client_file.content_type,
        "size": client_file.size,
        "uploaded_at": client_file.uploaded_at,
        "uploaded_by": uploader_name(client_file),
        "is_image": client_file.kind in IMAGES,
    }
