"""Importing clients from a CSV or Excel file: upload, preview with a guessed column mapping,
confirm (the run itself: clients.transfer.import_run), and the rejected rows' CSV.

What the run promises: a row is written whole or not at all. Rows are written in chunks
(clients.transfer.import_run), each in one transaction together with the import's progress and
report, so what `processed_rows` counts is exactly what was written. If a chunk fails, its
transaction rolls back, the import is marked FAILED with the row it stopped at, and the chunks
before it stay (their cards are complete and counted).

Small files (INLINE_ROWS rows or fewer) are imported inside the request that confirms them, so
the report is there at once; larger ones go to the background worker (transfer/tasks.py).

Importing writes cards as the person who confirms: it needs clients.create, and clients.edit to
merge rows into cards that exist; both are checked when it is confirmed and again when it runs
(clients.transfer.import_access). Where the files are kept: clients.transfer.import_store.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterator
from itertools import islice
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks_db import DatabaseBackend

from salonbook.accounts.permissions import require
from salonbook.clients.models import ClientImport
from salonbook.clients.transfer.import_access import (
    access_import,
    require_import_rights,
    visible_import,
)
from salonbook.clients.transfer.import_files import (
    MAX_BYTES,
    Table,
    file_kind,
    scan,
    without_controls,
)
from salonbook.clients.transfer.import_preview import shown_rows
from salonbook.clients.transfer.import_rows import (
    check_mapping,
    client_fields,
    guess_mapping,
    targets,
)
from salonbook.clients.transfer.import_run import ENTITY, run_client_import
from salonbook.clients.transfer.import_store import (
    file_kind_of,
    imports_dir,
    rejected_lines,
    upload_path,
)
from salonbook.clients.transfer.tasks import import_clients
from salonbook.errors import Conflict, Invalid
from salonbook.sync.services import record_change
from salonbook.tenancy.context import Actor

INLINE_ROWS = 500
PREVIEW_ROWS = 10


def rejected_rows_csv(*, actor: Actor, import_id: int) -> Iterator[bytes]:
    """Every rejected row of an import as CSV (UTF-8 with a BOM, for Excel): its row, the
    field (by its label in the reader's language) and why, a few thousand lines at a time."""
    client_import = visible_import(actor=actor, import_id=import_id)
    labels = targets(client_fields(actor.chain_id))
    header = [_("Row"), _("Field"), _("Why")]

    def pieces() -> Iterator[bytes]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write("\ufeff")
        writer.writerow(header)
        for count, (row, target, message) in enumerate(rejected_lines(client_import), 1):
            writer.writerow([row, labels.get(target, target), message])
            if count % 2000 == 0:
                yield buffer.getvalue().encode()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode()

    return pieces()


def start_client_import(*, actor: Actor, uploaded_file: UploadedFile) -> dict[str, Any]:
    """Keep the uploaded file (outside any served directory, under a random name), check that
    it reads as a table within the limits, open an import waiting for its mapping, and return
    its preview (as client_import_preview), all from one reading of the file."""
    require_import_rights(actor)
    size = uploaded_file.size or 0
    if size == 0:
        raise Invalid({"file": _("The file is empty.")})
    if size > MAX_BYTES:
        raise Invalid(
            {"file": _("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // 2**20}}
        )
    name = without_controls(uploaded_file.name or "").strip() or "clients"
    uploaded_file.seek(0)
    kind = file_kind(name, uploaded_file.read(8))
    uploaded_file.seek(0)
    directory = imports_dir()
    directory.mkdir(parents=True, exist_ok=True)
    stored_name = f"{secrets.token_hex(16)}.{kind}"
    path = directory / stored_name
    # Only the import's row is written in a transaction: reading a large file inside one would
    # hold SQLite's write lock (taken at BEGIN) for as long.
    try:
        with path.open("xb") as out:
            for chunk in uploaded_file.chunks():
                out.write(chunk)
        found = scan(path, kind, sample=PREVIEW_ROWS)
        if found.total == 0:
            raise Invalid({"file": _("The file has no rows under its header.")})
        with transaction.atomic():
            client_import = ClientImport.objects.create(
                chain=actor.chain,
                created_by_id=actor.user_id,
                file_name=name[-200:],
                stored_name=stored_name,
                total_rows=found.total,
            )
            record_change(
                actor=actor,
                entity=ENTITY,
                entity_id=client_import.pk,
                action="uploaded",
                data={"rows": found.total},
            )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return _preview(actor, client_import, found.columns, found.sample)


def client_import_preview(*, actor: Actor, import_id: int) -> dict[str, Any]:
    """The file's columns, its first rows, the fields a column can fill and a guessed mapping
    (or the one chosen already). Phone numbers in it are masked for whoever may not see them."""
    client_import = visible_import(actor=actor, import_id=import_id)
    path = upload_path(client_import)
    if not path.exists():
        raise Conflict(_("The file of this import is no longer kept."))
    with Table(path, file_kind_of(client_import)) as table:
        sample = list(islice(table.records(), PREVIEW_ROWS))
        columns = table.columns
    return _preview(actor, client_import, columns, sample)


def _preview(
    actor: Actor,
    client_import: ClientImport,
    columns: list[str],
    sample: list[tuple[int, dict[str, str]]],
) -> dict[str, Any]:
    definitions = client_fields(actor.chain_id)
    mapping = (
        {c: client_import.mapping.get(c, "") for c in columns}
        if client_import.mapping
        else guess_mapping(columns, definitions)
    )
    rows = shown_rows(actor=actor, columns=columns, sample=sample, mapping=mapping)
    return {
        "import": client_import,
        "columns": columns,
        "rows": rows,
        "targets": targets(definitions),
        "mapping": mapping,
    }


def confirm_client_import(
    *, actor: Actor, import_id: int, mapping: dict[str, Any], on_duplicate: str
) -> ClientImport:
    """Check the mapping and start the import: at once for a small file (the result is
    returned done), else queued for the background worker. Not one transaction: the run
    commits chunk by chunk, after the import is committed as queued."""
    client_import = _queue(
        actor=actor, import_id=import_id, mapping=mapping, on_duplicate=on_duplicate
    )
    if client_import.total_rows <= INLINE_ROWS:
        return run_client_import(actor=actor, import_id=client_import.pk)
    return client_import


@transaction.atomic
def _queue(
    *, actor: Actor, import_id: int, mapping: dict[str, Any], on_duplicate: str
) -> ClientImport:
    require(actor, "clients.import")
    client_import = access_import(actor=actor, import_id=import_id, lock=True)
    if client_import.status != ClientImport.Status.PREVIEW:
        raise Conflict(_("This import has been started already."))
    if on_duplicate not in ClientImport.OnDuplicate.values:
        raise Invalid({"on_duplicate": _("Choose whether to merge or skip duplicates.")})
    require_import_rights(actor, on_duplicate)
    path = upload_path(client_import)
    if not path.exists():
        raise Conflict(_("The file of this import is no longer kept."))
    with Table(path, file_kind_of(client_import)) as table:
        columns = table.columns
    allowed = targets(client_fields(actor.chain_id))
    client_import.mapping = check_mapping(mapping, columns=columns, allowed=allowed)
    client_import.on_duplicate = on_duplicate
    client_import.status = ClientImport.Status.QUEUED
    client_import.save(update_fields=["mapping", "on_duplicate", "status"])
    record_change(
        actor=actor,
        entity=ENTITY,
        entity_id=client_import.pk,
        action="queued",
        data={"rows": client_import.total_rows, "on_duplicate": on_duplicate},
    )
    if client_import.total_rows > INLINE_ROWS:
        _enqueue(client_import.pk, actor)
    return client_import


def _enqueue(import_id: int, actor: Actor) -> None:
    args = (import_id, actor.user_id, translation.get_language() or settings.LANGUAGE_CODE)
    if isinstance(import_clients.get_backend(), DatabaseBackend):
        # Stored in this transaction: the job exists exactly when the import is queued.
        import_clients.enqueue(*args)
    else:
        # A queue outside the database could start the job before the import is committed.
        transaction.on_commit(lambda: import_clients.enqueue(*args))
