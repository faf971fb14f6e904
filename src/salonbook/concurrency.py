"""Optimistic concurrency: editable records carry `version`; a stale writer is refused."""

from __future__ import annotations

from django.utils.translation import gettext as _

from salonbook.errors import PreconditionFailed
from salonbook.records import Versioned


def check_version(obj: Versioned, expected: int | None) -> None:
    """Refuse the write if the caller read an older version (If-Match). Call under a row lock."""
    if expected is not None and expected != obj.version:
        raise PreconditionFailed(
            _(
                "This record was changed by someone else (now version %(now)s, you had "
                "%(had)s). Reload it and try again."
            )
            % {"now": obj.version, "had": expected},
            extra={"current_version": obj.version},
        )
