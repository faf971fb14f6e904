"""What a file on a client card really is: its kind read from its content, not only from its
name, the content type it is served as, and the name it is kept and shown under. A file
whose content does not match its name is refused.
"""

from __future__ import annotations

import codecs
import unicodedata
import zipfile
from io import BytesIO
from typing import IO, NamedTuple, cast

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salonbook.errors import Invalid

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


def file_extension(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot and stem.strip() else ""


def _allowed_list() -> str:
    return ", ".join(f".{extension}" for extension in EXTENSION_KINDS)


def not_allowed(extension: str) -> Invalid:
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
    extension = file_extension(name)
    claimed = EXTENSION_KINDS.get(extension)
    if claimed is None:
        raise not_allowed(extension)
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
