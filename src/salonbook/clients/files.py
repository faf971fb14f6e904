"""Files on client cards: what may be added (checked by content, not only by name), where it
is kept, who may read it, and the chain's size limit.

A file lives under settings.PRIVATE_FILES_ROOT with a random name, never under a served
root: the only way out is a view that checks the right (`access_client_file`). A row and its
file go together: the file is written (atomically, through a temporary name) before the row,
and removed again if the row is not committed; a deleted row's file is removed after commit.
"""

from __future__ import annotations

import codecs
import os
import tempfile
import unicodedata
import uuid
import zipfile
from collections.abc import Iterable
from functools import partial
from io import BytesIO
from pathlib import Path
from typing import IO, Any, NamedTuple, cast

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salonbook.accounts.permissions import require
from salonbook.clients.models import ClientFile
from salonbook.clients.selectors import access_client
from salonbook.errors import Invalid, NotFound
from salonbook.sync.services import record_change
from salonbook.tenancy.context import Actor
from salonbook.tenancy.models import Chain

MB = 1024 * 1024
MAX_MB_RANGE = (1, 100)
NAME_LENGTH = 200  # ClientFile.name
FIELD = "file"

# The extension a file may have -> the kind it claims to be.
EXTENSION_KINDS = {
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "png": "png",
    "gif": "gif",
    "pdf": "pdf",
    "doc": "doc",
    "docx": "docx",
    "xls": "xls",
    "xlsx": "xlsx",
    "txt": "txt",
}
CONTENT_TYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "pdf": "application/pdf",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain; charset=utf-8",
}
KIND_LABELS = {
    "jpeg": gettext_lazy("a JPEG image"),
    "png": gettext_lazy("a PNG image"),
    "gif": gettext_lazy("a GIF image"),
    "pdf": gettext_lazy("a PDF document"),
    "doc": gettext_lazy("a Word document"),
    "docx": gettext_lazy("a Word document"),
    "xls": gettext_lazy("an Excel workbook"),
    "xlsx": gettext_lazy("an Excel workbook"),
    "txt": gettext_lazy("a plain text file"),
}
IMAGES = frozenset({"jpeg", "png", "gif"})
# What an upload form offers: a phone then offers its camera as well.
ACCEPT = "image/*,.pdf,.doc,.docx,.xls,.xlsx,.txt"

_SIGNATURES = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"%PDF-", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),  # OLE2 compound file: .doc and .xls
    (b"PK\x03\x04", "zip"),  # Office Open XML: .docx and .xlsx
)
_HEAD = 8
_CHUNK = 64 * 1024


class FileKind(NamedTuple):
    kind: str
    content_type: str


# --- Checking what a file is ------------------------------------------------------------


def clean_file_name(raw: str) -> str:
    """The name to keep and show: its last path part, without control or direction-changing
    characters (U+202E, a right-to-left override, can make "x.exe" look like a ".jpg"),
    at most 200 characters with its extension kept."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in {"Cc", "Cf", "Zl", "Zp"})
    name = " ".join(name.split())
    if len(name) > NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) < 10:
            name = stem[: NAME_LENGTH - len(extension) - 1].rstrip() + "." + extension
        else:
            name = name[:NAME_LENGTH]
    return name


def _extension(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot and stem.strip() else ""


def _allowed_list() -> str:
    return ", ".join(f".{extension}" for extension in EXTENSION_KINDS)


def _not_allowed(extension: str) -> Invalid:
    if not extension:
        message = _(
            "A file without an extension cannot be added to a client card. Allowed: %(allowed)s."
        )
    else:
        message = _(
            "Files of type .%(extension)s cannot be added to a client card. Allowed: %(allowed)s."
        )
    return Invalid({FIELD: message % {"extension": extension, "allowed": _allowed_list()}})


def _mismatch(name: str, claimed: str) -> Invalid:
    return Invalid(
        {
            FIELD: _("The content of “%(name)s” does not match its name: it is not %(kind)s.")
            % {"name": name, "kind": KIND_LABELS[claimed]}
        }
    )


def _signature(head: bytes) -> str | None:
    return next((kind for magic, kind in _SIGNATURES if head.startswith(magic)), None)


def _office_kind(stream: IO[bytes]) -> str | None:
    """docx or xlsx by the names inside the ZIP. Only the central directory is read: nothing
    is extracted, so a zip bomb costs no more than its own size."""
    try:
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    return None


def _text_encoding(stream: IO[bytes]) -> str | None:
    """ "utf-8" or "utf-16" when the whole file decodes as such text without a NUL, else None.
    UTF-16 is taken only with its byte order mark: without one, any even-length bytes pass."""
    stream.seek(0)
    head = stream.read(3)
    stream.seek(0)
    encoding = "utf-16" if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-8"
    decoder = codecs.getincrementaldecoder("utf-8-sig" if encoding == "utf-8" else "utf-16")()
    try:
        while chunk := stream.read(_CHUNK):
            if "\x00" in decoder.decode(chunk):
                return None
        if "\x00" in decoder.decode(b"", final=True):
            return None
    except UnicodeDecodeError:
        return None
    return encoding


def detect_file_kind(content: bytes | IO[bytes], name: str) -> FileKind:
    """What a file named `name` really is, read from its content: one of EXTENSION_KINDS'
    kinds, with the content type to serve it as. Raises Invalid({"file": ...}) for a type not
    allowed, an empty file, or content that does not match the name.

    An image whose extension names another image kind (a PNG called photo.jpg, as phones and
    editors save them) is taken as what it really is; any other mismatch is refused. Word
    and Excel files in the old binary format share one container, so their extension tells
    .doc from .xls. The stream is read from its start, and left where it was found.
    """
    stream: IO[bytes] = BytesIO(content) if isinstance(content, bytes) else content
    extension = _extension(name)
    claimed = EXTENSION_KINDS.get(extension)
    if claimed is None:
        raise _not_allowed(extension)
    start = stream.tell()
    try:
        stream.seek(0)
        head = stream.read(_HEAD)
        if not head:
            raise Invalid({FIELD: _("The file is empty.")})
        found = _signature(head)
        if claimed in IMAGES and found in IMAGES:
            return FileKind(cast(str, found), CONTENT_TYPES[cast(str, found)])
        if claimed == "pdf" and found == "pdf":
            return FileKind(claimed, CONTENT_TYPES[claimed])
        if claimed in {"doc", "xls"} and found == "ole":
            return FileKind(claimed, CONTENT_TYPES[claimed])
        if claimed in {"docx", "xlsx"} and found == "zip" and _office_kind(stream) == claimed:
            return FileKind(claimed, CONTENT_TYPES[claimed])
        if claimed == "txt" and (encoding := _text_encoding(stream)) is not None:
            return FileKind("txt", f"text/plain; charset={encoding}")
        raise _mismatch(name, claimed)
    finally:
        stream.seek(start)


# --- Where files are kept ----------------------------------------------------------------


def private_root() -> Path:
    return Path(settings.PRIVATE_FILES_ROOT).resolve()


def stored_path(stored_name: str) -> Path:
    """The file behind a stored name; never a path outside the private root."""
    root = private_root()
    path = (root / stored_name).resolve()
    if not path.is_relative_to(root) or path == root:
        raise NotFound(_("The file is missing from the storage."))
    return path


def _write_atomically(chunks: Iterable[bytes], path: Path) -> int:
    """Write to a temporary name beside `path`, then rename: a reader never sees half a file,
    and a crash leaves only a dot-file behind. Returns the number of bytes written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    written = 0
    try:
        with os.fdopen(descriptor, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
                written += len(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return written


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)


# --- Reading -----------------------------------------------------------------------------


def _require_sight(actor: Actor) -> None:
    require(actor, "clients.view")
    require(actor, "clients.files")


def client_files(*, actor: Actor, client_id: int) -> QuerySet[ClientFile]:
    """The files on a live client's card, newest first, with who uploaded them."""
    _require_sight(actor)
    client = access_client(actor=actor, client_id=client_id)
    return ClientFile.objects.filter(client=client).select_related("uploaded_by")


def _file_of(actor: Actor, client_id: int, file_id: int, *, lock: bool = False) -> ClientFile:
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
    return _file_of(actor, client_id, file_id)


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


# --- Writing -----------------------------------------------------------------------------


def upload_client_file(
    *, actor: Actor, client_id: int, file: File[Any], name: str | None = None
) -> ClientFile:
    """Add a file to a client's card, as `name` (else the name it came with).

    Refused (Invalid on "file") when its type is not allowed, it is empty, larger than the
    chain's limit, or its content is not what its name says. The file is on disk before the
    row is written and is removed if the row does not commit, including a failed commit.
    One case is beyond reach: a caller's own outer transaction rolled back after this
    returns leaves the file without a row (harmless: unnamed, private, never served).
    """
    require(actor, "clients.view")
    require(actor, "clients.files")
    require(actor, "clients.files_manage")
    client = access_client(actor=actor, client_id=client_id)
    shown = clean_file_name(name if name is not None else file.name or "")
    if (extension := _extension(shown)) not in EXTENSION_KINDS:
        raise _not_allowed(extension)
    size = file.size or 0
    if size <= 0:
        raise Invalid({FIELD: _("The file is empty.")})
    limit = actor.chain.client_file_max_mb
    if size > limit * MB:
        raise Invalid(
            {FIELD: _("The file is too large: the limit is %(limit)d MB.") % {"limit": limit}}
        )
    file.seek(0)
    detected = detect_file_kind(cast(IO[bytes], file), shown)
    stored_name = f"client-files/chain-{actor.chain_id}/{uuid.uuid4().hex}"
    path = stored_path(stored_name)
    file.seek(0)
    written = _write_atomically(file.chunks(), path)
    # Not @transaction.atomic: the file is written outside any transaction, and the commit
    # itself must be inside the try, so that a failed commit takes the file away as well.
    try:
        with transaction.atomic():
            row = ClientFile.objects.create(
                client=client,
                name=shown,
                stored_name=stored_name,
                kind=detected.kind,
                content_type=detected.content_type,
                size=written,
                uploaded_by=actor.user,
            )
            record_change(
                actor=actor,
                entity="client_file",
                entity_id=row.pk,
                action="created",
                # No file name: the feed is read by roles that may not see client files.
                data={"client_id": client.pk, "kind": row.kind, "size": written},
            )
    except BaseException:
        _remove(path)
        raise
    return row


@transaction.atomic
def delete_client_file(*, actor: Actor, client_id: int, file_id: int) -> None:
    """Delete a file from a client's card: the row now, its bytes once that is committed
    (a rolled-back delete must still find its file)."""
    require(actor, "clients.view")
    require(actor, "clients.files")
    require(actor, "clients.files_manage")
    row = _file_of(actor, client_id, file_id, lock=True)
    path = stored_path(row.stored_name)
    row_id = row.pk
    row.delete()
    record_change(
        actor=actor,
        entity="client_file",
        entity_id=row_id,
        action="deleted",
        data={"client_id": client_id},
    )
    transaction.on_commit(partial(_remove, path))


@transaction.atomic
def update_client_settings(*, actor: Actor, client_file_max_mb: int) -> Chain:
    """The chain's settings of the client base: the largest file on a client card, in MB."""
    require(actor, "settings.manage")
    low, high = MAX_MB_RANGE
    if isinstance(client_file_max_mb, bool) or not low <= client_file_max_mb <= high:
        raise Invalid(
            {
                "client_file_max_mb": _("Choose from %(low)d to %(high)d MB.")
                % {"low": low, "high": high}
            }
        )
    chain = Chain.objects.select_for_update().get(pk=actor.chain_id)
    chain.client_file_max_mb = client_file_max_mb
    chain.save(update_fields=["client_file_max_mb"])
    record_change(
        actor=actor,
        entity="chain",
        entity_id=chain.pk,
        action="updated",
        data={"fields": ["client_file_max_mb"]},
    )
    return chain
