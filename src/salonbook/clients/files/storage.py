"""Where the files on client cards are kept: under settings.PRIVATE_FILES_ROOT with a random
name, never under a served root, so that the only way out is a view that checks the right.
A file is written through a temporary name, so a reader never sees half of it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from salonbook.errors import NotFound


def private_root() -> Path:
    return Path(settings.PRIVATE_FILES_ROOT).resolve()


def stored_path(stored_name: str) -> Path:
    """The file behind a stored name; never a path outside the private root."""
    root = private_root()
    path = (root / stored_name).resolve()
    if not path.is_relative_to(root) or path == root:
        raise NotFound(_("The file is missing from the storage."))
    return path


def write_atomically(chunks: Iterable[bytes], path: Path) -> int:
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


def remove(path: Path) -> None:
    path.unlink(missing_ok=True)
