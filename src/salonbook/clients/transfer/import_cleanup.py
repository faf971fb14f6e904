"""Letting go of client imports nobody goes on with: an upload cancelled at its mapping step, and
the pruning (`salonbook prune_client_imports`, run daily: docs/decisions/0002-background-jobs.md)
of uploads left at that step for a day and of files under PRIVATE_FILES_ROOT/imports that no
running import needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.clients.models import ClientImport
from salonbook.clients.transfer.import_access import access_import
from salonbook.clients.transfer.import_run import ENTITY
from salonbook.clients.transfer.import_store import (
    delete_files,
    imports_dir,
    rejected_path,
    upload_path,
)
from salonbook.errors import Conflict
from salonbook.sync.services import record_change
from salonbook.tenancy.context import Actor

# An upload left at its mapping step this long is deleted with its file.
PREVIEW_KEPT = timedelta(hours=24)
# A file this young may belong to an upload still being read, whose import is not written yet.
STRAY_AFTER = timedelta(hours=1)
RUNNING = (ClientImport.Status.PREVIEW, ClientImport.Status.QUEUED, ClientImport.Status.RUNNING)


@transaction.atomic
def cancel_client_import(*, actor: Actor, import_id: int) -> None:
    """Delete an import that waits for its mapping, and its file (once the deletion is
    committed). One that has started is a Conflict: its cards are written already."""
    require(actor, "clients.import")
    client_import = access_import(actor=actor, import_id=import_id, lock=True)
    if client_import.status != ClientImport.Status.PREVIEW:
        raise Conflict(_("This import has been started already: it cannot be cancelled."))
    _delete(actor, client_import, action="cancelled")
    transaction.on_commit(partial(delete_files, client_import))


def _delete(actor: Actor, client_import: ClientImport, *, action: str) -> None:
    record_change(
        actor=actor,
        entity=ENTITY,
        entity_id=client_import.pk,
        action=action,
        data={"rows": client_import.total_rows},
    )
    client_import.delete()


@dataclass
class Pruned:
    imports: int
    files: int


def prune_client_imports(*, now: datetime | None = None) -> Pruned:
    """Delete the uploads left at their mapping step for PREVIEW_KEPT (each with a change event
    that names nobody, as the system did it), then every file under the imports directory that
    neither an import still to run nor an import's report needs."""
    now = now or timezone.now()
    stale = ClientImport.objects.filter(
        status=ClientImport.Status.PREVIEW, created_at__lt=now - PREVIEW_KEPT
    ).values_list("pk", flat=True)
    deleted = 0
    for import_id in list(stale):
        with transaction.atomic():
            client_import = (
                ClientImport.objects.select_for_update()
                .select_related("chain")
                .filter(pk=import_id, status=ClientImport.Status.PREVIEW)
                .first()
            )
            if client_import is None:
                continue  # confirmed or cancelled meanwhile
            nobody = Actor(user=None, chain=client_import.chain, role_key="", role_name="")
            _delete(nobody, client_import, action="expired")
        # Committed (the command runs outside any transaction): the file goes too.
        delete_files(client_import)
        deleted += 1
    return Pruned(imports=deleted, files=_prune_files(now))


def _prune_files(now: datetime) -> int:
    directory = imports_dir()
    if not directory.is_dir():
        return 0
    needed: set[str] = set()
    for client_import in ClientImport.objects.only("stored_name", "status").iterator():
        needed.add(rejected_path(client_import).name)
        if client_import.status in RUNNING:
            needed.add(upload_path(client_import).name)
    before = (now - STRAY_AFTER).timestamp()
    count = 0
    for path in directory.iterdir():
        if path.name in needed or not path.is_file() or path.stat().st_mtime > before:
            continue
        path.unlink(missing_ok=True)
        count += 1
    return count
