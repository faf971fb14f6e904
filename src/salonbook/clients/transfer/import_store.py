"""Where a client import keeps its files, under PRIVATE_FILES_ROOT/imports (outside any served
directory): the uploaded table, under a random name, until the import is done; and the rejected
rows, every one of them, as a small CSV beside it (`<random>.rejected.csv`), kept with the import
as its full report. The import's own row holds only the first KEPT_REJECTED of them, for the page
and the API, so that neither is rewritten nor sent whole when thousands of rows are refused.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings

from salonbook.clients.models import ClientImport

# The rejected rows stored on the import itself (the page and the API show these).
KEPT_REJECTED = 1000
REJECTED_SUFFIX = ".rejected.csv"


def imports_dir() -> Path:
    return Path(settings.PRIVATE_FILES_ROOT) / "imports"


def upload_path(client_import: ClientImport) -> Path:
    return imports_dir() / client_import.stored_name


def file_kind_of(client_import: ClientImport) -> str:
    return client_import.stored_name.rsplit(".", 1)[-1]


def rejected_path(client_import: ClientImport) -> Path:
    stem = client_import.stored_name.rsplit(".", 1)[0]
    return imports_dir() / f"{stem}{REJECTED_SUFFIX}"


def rejected_count(client_import: ClientImport) -> int:
    """Every row is created, merged, skipped or rejected: the rejected are what is left."""
    return max(
        client_import.processed_rows
        - client_import.created_count
        - client_import.merged_count
        - client_import.skipped_count,
        0,
    )


def append_rejected(client_import: ClientImport, entries: Iterable[dict[str, Any]]) -> None:
    """Add refused rows to the import's full list: one line per row and field."""
    lines = [
        (entry["row"], target, message)
        for entry in entries
        for target, message in entry["errors"].items()
    ]
    if not lines:
        return
    path = rejected_path(client_import)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(lines)


def rejected_lines(client_import: ClientImport) -> Iterator[tuple[int, str, str]]:
    """(row, field, why) for every refused row: from the full list, or from the import's own
    list when there is no file (an import reported before the file was kept)."""
    path = rejected_path(client_import)
    if not path.exists():
        for entry in client_import.rejected:
            for target, message in entry["errors"].items():
                yield entry["row"], target, message
        return
    with path.open(encoding="utf-8", newline="") as source:
        for row, target, message in csv.reader(source):
            yield int(row), target, message


def delete_files(client_import: ClientImport) -> None:
    upload_path(client_import).unlink(missing_ok=True)
    rejected_path(client_import).unlink(missing_ok=True)
