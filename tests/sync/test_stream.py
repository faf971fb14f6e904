"""The live change stream: catch up from a cursor, then hear changes as they commit."""

from __future__ import annotations

import asyncio
import json

import pytest
from asgiref.sync import sync_to_async
from django.db import connections
from django.test import AsyncClient

from salonbook.accounts.models import Role
from salonbook.sync.models import ChangeEvent
from tests.salon import make_salon, next_weekday


def parse(chunk: bytes) -> dict:
    """One SSE message: `cursor` from its id line, `event`, and the change it carries."""
    lines = dict(line.split(": ", 1) for line in chunk.decode().strip().splitlines())
    return {**json.loads(lines["data"]), "event": lines["event"], "sse_id": int(lines["id"])}


@pytest.mark.django_db(transaction=True)
def test_stream_replays_what_was_missed_then_sends_new_changes_as_they_commit():
    salon = make_salon()
    day = next_weekday(1)
    missed = salon.book(start=salon.at(day, "10:00"))
    resume_from = ChangeEvent.objects.get(entity="booking", entity_id=missed.pk).pk - 1

    async def scenario():
        client = AsyncClient()
        await client.aforce_login(salon.owner)
        response = await client.get("/api/v1/stream", headers={"Last-Event-ID": str(resume_from)})
        assert response.status_code == 200
        assert response["Content-Type"] == "text/event-stream"
        chunks = aiter(response.streaming_content)
        assert (await anext(chunks)).startswith(b"retry: ")

        replayed = parse(await asyncio.wait_for(anext(chunks), 5))
        assert (replayed["entity"], replayed["id"], replayed["action"]) == (
            "booking",
            missed.pk,
            "created",
        )

        live_booking = await sync_to_async(salon.book)(start=salon.at(day, "12:00"))
        live = parse(await asyncio.wait_for(anext(chunks), 5))
        assert (live["entity"], live["id"], live["action"]) == (
            "booking",
            live_booking.pk,
            "created",
        )
        assert live["event"] == "change" and live["sse_id"] == live["cursor"] > replayed["cursor"]
        assert live["data"]["staff_id"] == salon.staff[0].pk
        await chunks.aclose()
        # The view's queries ran in asgiref's worker thread: let go of that connection.
        await sync_to_async(connections.close_all)()

    asyncio.run(scenario())


@pytest.mark.django_db(transaction=True)
def test_stream_carries_only_the_listeners_own_chain():
    salon, other = make_salon(), make_salon(name="Elsewhere")
    start = ChangeEvent.objects.order_by("-pk").first().pk

    async def scenario():
        client = AsyncClient()
        await client.aforce_login(other.owner)
        response = await client.get(f"/api/v1/stream?after={start}")
        chunks = aiter(response.streaming_content)
        await anext(chunks)  # retry:
        # One change of their own first, so the stream is past its catch-up and listening.
        warm_up = await sync_to_async(other.book)(start=other.at(next_weekday(2), "09:00"))
        assert parse(await asyncio.wait_for(anext(chunks), 5))["id"] == warm_up.pk

        await sync_to_async(salon.book)(start=salon.at(next_weekday(2), "10:00"))
        theirs = await sync_to_async(other.book)(start=other.at(next_weekday(2), "11:00"))
        event = parse(await asyncio.wait_for(anext(chunks), 5))
        assert (event["entity"], event["id"]) == ("booking", theirs.pk)
        await chunks.aclose()
        # The view's queries ran in asgiref's worker thread: let go of that connection.
        await sync_to_async(connections.close_all)()

    asyncio.run(scenario())


@pytest.mark.django_db
def test_stream_refuses_strangers_bad_cursors_and_roles_without_the_right(client):
    salon = make_salon()
    assert client.get("/api/v1/stream").status_code == 401

    client.force_login(salon.owner)
    assert client.get("/api/v1/stream", headers={"Last-Event-ID": "abc"}).status_code == 422

    role = Role.objects.get(chain=salon.chain, key="specialist")
    role.permissions = [p for p in role.permissions if p != "changes.view"]
    role.save()
    client.force_login(salon.users["specialist"])
    response = client.get("/api/v1/stream")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_by_another_process_reaches_an_open_stream(monkeypatch):
    """The background worker commits in its own process: no in-process broadcast wakes the
    stream, which finds the change by reading the table (here within POLL_SECONDS)."""
    from salonbook.sync import broadcast, stream

    monkeypatch.setattr(stream, "POLL_SECONDS", 0.2)
    salon = make_salon()
    day = next_weekday(1)
    start = ChangeEvent.objects.order_by("-pk").values_list("pk", flat=True).first()

    def book_elsewhere():
        # As another process would: committed, never published to this one's listeners.
        with monkeypatch.context() as patched:
            patched.setattr(broadcast, "publish", lambda event: None)
            return salon.book(start=salon.at(day, "12:00"))

    async def scenario():
        client = AsyncClient()
        await client.aforce_login(salon.owner)
        response = await client.get("/api/v1/stream", headers={"Last-Event-ID": str(start)})
        chunks = aiter(response.streaming_content)
        assert (await anext(chunks)).startswith(b"retry: ")

        # A local change first, so the stream is past its catch-up and waiting.
        local = await sync_to_async(salon.book)(start=salon.at(day, "09:00"))
        assert parse(await asyncio.wait_for(anext(chunks), 5))["id"] == local.pk

        booking = await sync_to_async(book_elsewhere)()
        change = parse(await asyncio.wait_for(anext(chunks), 5))
        assert (change["entity"], change["id"]) == ("booking", booking.pk)
        await chunks.aclose()
        await sync_to_async(connections.close_all)()

    asyncio.run(scenario())
