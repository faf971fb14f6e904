"""In-process fan-out of committed change events to live listeners (the SSE stream).

Listeners register a callback; `publish` is only ever called from transaction.on_commit, so a
listener never hears of a change that was rolled back. A multi-process deployment swaps this
for PostgreSQL LISTEN/NOTIFY or Redis pub/sub behind the same two functions.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

Listener = Callable[[dict[str, Any]], None]
_listeners: set[Listener] = set()
_lock = threading.Lock()


def subscribe(listener: Listener) -> Callable[[], None]:
    with _lock:
        _listeners.add(listener)

    def unsubscribe() -> None:
        with _lock:
            _listeners.discard(listener)

    return unsubscribe


def publish(event: dict[str, Any]) -> None:
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        try:
            listener(event)
        except Exception:  # one broken listener must not silence the others
            log.exception("change listener failed")
