"""The background job that runs a large client import (django.tasks API; see
docs/decisions/0002-background-jobs.md), beside the import it runs (import_run).

A queued job names its task by this import path in the database; salonbook.clients.tasks, the
path jobs were queued under before import and export had a package of their own, still finds
it."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django_tasks import task

from salonbook.clients.transfer.import_run import (
    actor_for_import,
    fail_unstarted,
    import_counts,
    run_client_import,
)
from salonbook.errors import NotFound


@task()
def import_clients(import_id: int, user_id: int | None, language: str) -> dict[str, Any]:
    """Run a queued client import as the person who confirmed it, in their language (the
    report's reasons are written in it)."""
    with translation.override(language):
        try:
            actor = actor_for_import(import_id=import_id, user_id=user_id)
        except NotFound as exc:
            client_import = fail_unstarted(import_id=import_id, reason=exc.detail)
        else:
            client_import = run_client_import(actor=actor, import_id=import_id)
    return {"status": client_import.status, **import_counts(client_import)}
