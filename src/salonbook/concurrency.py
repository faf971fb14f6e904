"""Optimistic concurrency: editable records carry `version`; a stale writer is refused."""

from __future__ import annotations

from typing import Protocol

from salonbook.errors import PreconditionFailed


class Versioned(Protocol):
    version: int


def check_version(obj: Versioned, expected: int | None) -> None:
    """Refuse the write if the caller read an older version (If-Match). Call under a row lock."""
    if expected is not None and expected != obj.version:
        raise PreconditionFailed(
            f"This record was changed by someone else (now version {obj.version}, "
            f"you had {expected}). Reload it and try again.",
            extra={"current_version": obj.version},
        )
