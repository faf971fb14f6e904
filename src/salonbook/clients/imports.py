"""Importing clients from a CSV or Excel file: upload, preview with a guessed column mapping,
confirm, and the run that writes the cards and reports every row it refused.

What the run promises: a row is written whole or not at all. Rows are written in chunks
(clients.import_run), each in one transaction together with the import's progress and report,
so what `processed_rows` counts is exactly what was written. If a chunk fails, its transaction
rolls back, the import is marked FAILED with the row it stopped at, and the chunks before it
stay (their cards are complete and counted).

Small files (INLINE_ROWS rows or fewer) are imported inside the request that confirms them, so
the report is there at once; larger ones go to the background worker (clients.tasks).

Importing writes cards as the person who confirms: it needs clients.create, and clients.edit to
merge rows into cards that exist; both are checked when it is confirmed and again when it runs.
Where the files are kept: clients.import_store.
"""

from __future__ import annotations

import csv
import io
import logging
import secrets
from collections.abc import Iterator
from functools import partial
from itertools import islice
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from salonbook.accounts.models import User
from salonbook.accounts.permissions import require
from salonbook.accounts.selectors import actor_for_user
from salonbook.clients.import_files import MAX_BYTES, Table, file_kind, scan, without_controls
from salonbook.clients.import_preview import shown_rows
from salonbook.clients.import_rows import check_mapping, client_fields, guess_mapping, targets
from salonbook.clients.import_run import ENTITY, ImportRun
from salonbook.clients.import_store import (
    file_kind_of,
    imports_dir,
    rejected_count,
    rejected_lines,
    upload_path,
)
from salonbook.clients.models import ClientImport
from salonbook.errors import Conflict, DomainError, Invalid, NotFound
from salonbook.sync.services import record_change
from salonbook.tenancy.context import Actor

logger = logging.getLogger(__name__)

INLINE_ROWS = 500
PREVIEW_ROWS = 10


def access_import(*, actor: Actor, import_id: int, lock: bool = False) -> ClientImport:
    """The actor's chain's import (NotFound for another chain's)."""
    qs = ClientImport.objects.filter(chain_id=actor.chain_id)
    if lock:
        qs = qs.select_for_update()
    try:
        return qs.get(pk=import_id)
    except ClientImport.DoesNotExist:
        raise NotFound(_("Import %(id)s not found.") % {"id": import_id}) from None


def visible_import(*, actor: Actor, import_id: int, report: bool = True) -> ClientImport:
    """The import as its page and the API show it; without `report`, its list of rejected rows
    is read only when it is used (a progress poll does not need it)."""
    require(actor, "clients.import")
    qs = ClientImport.objects.filter(chain_id=actor.chain_id)
    if not report:
        qs = qs.defer("rejected")
    try:
        return qs.get(pk=import_id)
    except ClientImport.DoesNotExist:
        raise NotFound(_("Import %(id)s not found.") % {"id": import_id}) from None


def recent_imports(*, actor: Actor, limit: int = 10) -> list[ClientImport]:
    require(actor, "clients.import")
    return list(
        ClientImport.objects.filter(chain_id=actor.chain_id)
        .defer("rejected")
        .order_by("-id")[:limit]
    )


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


def require_import_rights(actor: Actor, on_duplicate: str = "") -> None:
    """An import writes cards as its person: they may import and add clients, and, to merge
    rows into cards that exist, edit them."""
    require(actor, "clients.import")
    require(actor, "clients.create")
    if on_duplicate == ClientImport.OnDuplicate.MERGE:
        require(actor, "clients.edit")


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
                created_by=actor.user,
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
    from django_tasks_db import DatabaseBackend

    from salonbook.clients.tasks import import_clients

    args = (import_id, actor.user_id, translation.get_language() or settings.LANGUAGE_CODE)
    if isinstance(import_clients.get_backend(), DatabaseBackend):
        # Stored in this transaction: the job exists exactly when the import is queued.
        import_clients.enqueue(*args)
    else:
        # A queue outside the database could start the job before the import is committed.
        transaction.on_commit(lambda: import_clients.enqueue(*args))


def actor_for_import(*, import_id: int, user_id: int | None) -> Actor:
    """Who the worker acts as: the person who confirmed the import, as they are now (a
    membership ended meanwhile fails the import)."""
    client_import = ClientImport.objects.get(pk=import_id)
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        raise NotFound(_("The person who started the import can no longer log in."))
    return actor_for_user(user=user, chain_id=client_import.chain_id)


def fail_unstarted(*, import_id: int, reason: str) -> ClientImport:
    """Mark a queued import FAILED when nobody may run it any more (its change event has no
    acting person)."""
    with transaction.atomic():
        client_import = (
            ClientImport.objects.select_for_update().select_related("chain").get(pk=import_id)
        )
        if client_import.status == ClientImport.Status.QUEUED:
            nobody = Actor(user=None, chain=client_import.chain, role_key="", role_name="")
            _finish(nobody, client_import, failed=reason)
    return client_import


def run_client_import(*, actor: Actor, import_id: int) -> ClientImport:
    """Import the rows of a queued import and report. Runs once: an import that is not
    QUEUED any more (a job delivered twice) is returned as it is. The rights are checked
    again: they may have been taken away since the import was confirmed."""
    with transaction.atomic():
        client_import = access_import(actor=actor, import_id=import_id, lock=True)
        if client_import.status != ClientImport.Status.QUEUED:
            return client_import
        try:
            require_import_rights(actor, client_import.on_duplicate)
        except DomainError as exc:
            _finish(actor, client_import, failed=str(exc.detail))
            return client_import
        client_import.status = ClientImport.Status.RUNNING
        client_import.save(update_fields=["status"])
    run = ImportRun(actor, client_import, upload_path(client_import), file_kind_of(client_import))
    try:
        run.import_rows()
    except Exception as exc:
        # The details (a database's message may quote the rows' phones) go to the log only.
        logger.exception("Client import %s failed", client_import.pk)
        client_import.refresh_from_db()
        with transaction.atomic():
            _finish(actor, client_import, failed=_failure(exc, run.chunk_start))
        return client_import
    with transaction.atomic():
        _finish(actor, client_import)
    return client_import


def _failure(exc: Exception, row: int) -> str:
    """What the report says about an import that stopped: the reason when it is ours to tell
    (the file could not be read further), else only where it stopped."""
    if isinstance(exc, DomainError):
        if isinstance(exc, Invalid):
            reason = " ".join(m for messages in exc.errors.values() for m in messages)
        else:
            reason = str(exc.detail)
        if row:
            return _(
                "The import stopped at row %(row)s: %(error)s The rows before it were imported; "
                "it and the rows after it were not."
            ) % {"row": row, "error": reason}
        return _("The import failed before any row was written: %(error)s") % {"error": reason}
    if row:
        return _(
            "The import stopped at row %(row)s because of an internal error. The rows before it "
            "were imported; it and the rows after it were not."
        ) % {"row": row}
    return _("The import failed before any row was written, because of an internal error.")


def _finish(actor: Actor, client_import: ClientImport, *, failed: str = "") -> None:
    client_import.status = ClientImport.Status.FAILED if failed else ClientImport.Status.DONE
    client_import.error = failed
    client_import.finished_at = timezone.now()
    client_import.save(update_fields=["status", "error", "finished_at"])
    record_change(
        actor=actor,
        entity=ENTITY,
        entity_id=client_import.pk,
        action="failed" if failed else "done",
        data=import_counts(client_import),
    )
    # The report is kept (the rejected rows' file too); the uploaded file (personal data) is
    # not needed any more.
    transaction.on_commit(partial(upload_path(client_import).unlink, missing_ok=True))


def import_counts(client_import: ClientImport) -> dict[str, int]:
    return {
        "rows": client_import.total_rows,
        "processed": client_import.processed_rows,
        "created": client_import.created_count,
        "merged": client_import.merged_count,
        "skipped": client_import.skipped_count,
        "rejected": rejected_count(client_import),
    }
