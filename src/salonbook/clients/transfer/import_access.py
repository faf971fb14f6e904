"""Which client imports a person may see and run: an import belongs to its chain, and importing
writes cards as the person who confirms it (clients.create, and clients.edit to merge)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.clients.models import ClientImport
from salonbook.errors import NotFound
from salonbook.tenancy.context import Actor


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


def require_import_rights(actor: Actor, on_duplicate: str = "") -> None:
    """An import writes cards as its person: they may import and add clients, and, to merge
    rows into cards that exist, edit them."""
    require(actor, "clients.import")
    require(actor, "clients.create")
    if on_duplicate == ClientImport.OnDuplicate.MERGE:
        require(actor, "clients.edit")
