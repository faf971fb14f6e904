"""Server-Sent Events: the change feed, live, at GET /api/v1/stream.

A client connects with the last cursor it saw (the `Last-Event-ID` header, which browsers'
EventSource sends by themselves on reconnecting, or `?after=`). It first gets every change it
missed from the ChangeEvent table, then each change as it commits. Subscribing happens before
the catch-up query, and events already sent are skipped by cursor, so nothing falls in between.

What is sent always comes from the table, read after the cursor: an in-process commit
(sync.broadcast) only wakes the stream at once. Changes committed by another process - the
background worker, a command, a second server process - are found by the same read, which
also runs every POLL_SECONDS, so they arrive within that time and are never skipped by a
cursor that moved past them.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from asgiref.sync import sync_to_async
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

from salonbook.accounts.selectors import actor_for_token, actor_for_user
from salonbook.errors import NotAllowed, NotFound
from salonbook.sync import broadcast
from salonbook.sync.selectors import changes_after
from salonbook.tenancy.context import Actor

HEARTBEAT_SECONDS = 15.0
# How soon a change committed by another process (the worker) reaches an open stream.
POLL_SECONDS = 2.0
RETRY_MS = 2000


def _problem(status: int, title: str, detail: str) -> HttpResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return HttpResponse(json.dumps(body), status=status, content_type="application/problem+json")


async def _actor(request: HttpRequest) -> Actor | None:
    auth = request.headers.get("Authorization", "")
    if auth.lower().startswith("bearer "):
        return await sync_to_async(actor_for_token)(raw_token=auth[7:].strip())
    user = await request.auser()
    if not user.is_authenticated:
        return None
    try:
        return await sync_to_async(actor_for_user)(user=user)
    except NotFound:
        return None


def _cursor(request: HttpRequest) -> int | None:
    raw = request.headers.get("Last-Event-ID") or request.GET.get("after") or "0"
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


def format_event(payload: dict[str, Any]) -> str:
    data = {k: v for k, v in payload.items() if k != "chain_id"}
    return f"id: {payload['cursor']}\nevent: change\ndata: {json.dumps(data)}\n\n"


async def change_stream(request: HttpRequest) -> HttpResponseBase:
    actor = await _actor(request)
    if actor is None:
        return _problem(401, "Not logged in", "Log in, or send Authorization: Bearer <token>.")
    after = _cursor(request)
    if after is None:
        return _problem(422, "Invalid input", "Last-Event-ID / after must be a cursor number.")
    try:
        # The same check the change feed makes; the first page is thrown away.
        await sync_to_async(changes_after)(actor=actor, after=after, limit=1)
    except NotAllowed as exc:
        return _problem(403, "Not allowed", exc.detail)
    response = StreamingHttpResponse(_events(actor, after), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # let a proxy pass each event on at once
    return response


async def _events(actor: Actor, after: int) -> AsyncIterator[str]:
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    def listener(event: dict[str, Any]) -> None:
        # Called from whichever thread committed; hand the event to this stream's loop.
        if event["chain_id"] == actor.chain_id:
            loop.call_soon_threadsafe(queue.put_nowait, event)

    unsubscribe = broadcast.subscribe(listener)
    try:
        yield f"retry: {RETRY_MS}\n\n"
        last = after
        quiet = 0.0
        while True:
            sent = False
            while True:  # everything after the cursor, page by page
                page = await sync_to_async(changes_after)(actor=actor, after=last, limit=500)
                for change in page["changes"]:
                    yield format_event(change)
                    last = change["cursor"]
                    sent = True
                if not page["more"]:
                    break
            quiet = 0.0 if sent else quiet
            if quiet >= HEARTBEAT_SECONDS:
                yield ": keep-alive\n\n"
                quiet = 0.0
            try:
                await asyncio.wait_for(queue.get(), POLL_SECONDS)
                while not queue.empty():  # a burst of commits wakes the stream once
                    queue.get_nowait()
            except TimeoutError:
                quiet += POLL_SECONDS
    finally:
        unsubscribe()
