"""`salonbook prune_client_imports`: delete client imports left at their mapping step for a day,
with their files, and the files of imports that no longer need them. Run it daily (cron or a
systemd timer); see docs/decisions/0002-background-jobs.md."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from salonbook.clients.transfer.import_cleanup import prune_client_imports


class Command(BaseCommand):
    help = (
        "Delete client imports left unconfirmed for 24 hours (with their uploaded files) and "
        "files under PRIVATE_FILES_ROOT/imports that no import needs."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        pruned = prune_client_imports()
        self.stdout.write(
            f"Deleted {pruned.imports} unconfirmed import(s) and {pruned.files} stray file(s)."
        )
