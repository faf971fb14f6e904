"""Writes on the files of client cards (adding and deleting one) and the chain's size limit.

A row and its file go together: the file is written (atomically, through a temporary name)
before the row, and removed again if the row is not committed; a deleted row's file is removed
after commit.
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import IO, Any, cast

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.clients.files.kinds import (
    EXTENSION_KINDS,
    FIELD,
    clean_file_name,
    detect_file_kind,
    file_extension,
    not_allowed,
)
from salonbook.clients.files.selectors import file_on_card
from salonbook.clients.files.storage import remove, stored_path, write_atomically
from salonbook.clients.models import ClientFile
from salonbook.clients.selectors import access_client
from salonbook.errors import Invalid
from salonbook.sync.services import record_change
from salonbook.sync.versioned import changing
from salonbook.tenancy.context import Actor
from salonbook.tenancy.models import Chain

MB = 1024 * 1024
MAX_MB_RANGE = (1, 100)


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
    if (extension := file_extension(shown)) not in EXTENSION_KINDS:
        raise not_allowed(extension)
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
    written = write_atomically(file.chunks(), path)
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
                uploaded_by_id=actor.user_id,
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
        remove(path)
        raise
    return row


@transaction.atomic
def delete_client_file(*, actor: Actor, client_id: int, file_id: int) -> None:
    """Delete a file from a client's card: the row now, its bytes once that is committed
    (a rolled-back delete must still find its file)."""
    require(actor, "clients.view")
    require(actor, "clients.files")
    require(actor, "clients.files_manage")
    row = file_on_card(actor=actor, client_id=client_id, file_id=file_id, lock=True)
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
    transaction.on_commit(partial(remove, path))


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
    with changing(
        chain,
        actor=actor,
        entity="chain",
        save=lambda: chain.save(update_fields=["client_file_max_mb"]),
    ) as change:
        chain.client_file_max_mb = client_file_max_mb
        change.fields.add("client_file_max_mb")
    return chain
