"""End-to-end tests: Debian's Chromium, driven by Playwright, against the real ASGI app.

The app runs under uvicorn in a thread of the test process (one server per xdist worker), so it
uses the test database pytest-django set up and its in-process change broadcaster hears the
commits the tests make, which the live stream (/api/v1/stream) needs. Tests must commit what
the server is to see: mark them `pytest.mark.django_db(transaction=True)`.

Playwright's sync API keeps an event loop in the test thread, so Django's guard against ORM
calls from async code (DJANGO_ALLOW_ASYNC_UNSAFE) is switched off when this file is loaded. The
variable is process-wide, so the other tests of a worker run without the guard too; none of
them calls the ORM from a running event loop.

Screenshots of the key screens go to test-artifacts/e2e/<test>/NN-<what>.png, and one of every
open page when a test fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import re
import shutil
import socket
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.app import DESKTOP, PHONE, ZONE

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
NO_CHROMIUM = f"Chromium not found at {CHROMIUM}: e2e tests skipped; apt-get install chromium"
TIMEOUT_MS = 10_000


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so fixtures can tell that the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _failed(request: pytest.FixtureRequest) -> bool:
    report = getattr(request.node, "report_call", None)
    return report is None or report.failed


# --- the server ------------------------------------------------------------------------------


class LiveServer:
    """uvicorn serving salonbook.asgi.application on 127.0.0.1 in a background thread."""

    def __init__(self) -> None:
        import uvicorn
        from django.db.backends.signals import connection_created

        from salonbook.asgi import application

        # Weakly: a request's connection goes (and closes) with its thread unless kept here.
        self._connections: weakref.WeakSet = weakref.WeakSet()
        self._connections_lock = threading.Lock()
        connection_created.connect(self._remember_connection, weak=False)
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            application,
            lifespan="off",
            log_level="warning",
            access_log=False,
            http="h11",
            timeout_graceful_shutdown=2,
        )
        self.server = uvicorn.Server(config)
        self.loop: asyncio.AbstractEventLoop | None = None
        self.thread = threading.Thread(
            target=asyncio.run, args=(self._serve(),), name=f"e2e-uvicorn-{self.port}", daemon=True
        )

    async def _serve(self) -> None:
        self.loop = asyncio.get_running_loop()
        await self.server.serve(sockets=[self.socket])

    def _remember_connection(self, sender, connection, **kwargs) -> None:
        if threading.current_thread() is not threading.main_thread():
            with self._connections_lock:
                self._connections.add(connection)

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start for the e2e tests")
            time.sleep(0.02)

    def drop_streams(self) -> int:
        """Cut the open connections of the live stream, as a flaky network would."""
        cut: list[object] = []
        done = threading.Event()

        def abort() -> None:
            for protocol in list(self.server.server_state.connections):
                scope = getattr(protocol, "scope", None) or {}
                if scope.get("path") == "/api/v1/stream":
                    protocol.transport.abort()
                    cut.append(protocol)
            done.set()

        self.loop.call_soon_threadsafe(abort)
        done.wait(timeout=5)
        return len(cut)

    def close_connections(self) -> None:
        """Close the database connections the server's threads opened (PostgreSQL cannot drop
        the test database while they are open)."""
        gc.collect()
        with self._connections_lock:
            opened = list(self._connections)
            self._connections.clear()
        for connection in opened:
            with contextlib.suppress(Exception):
                connection.inc_thread_sharing()
                connection.close()

    def stop(self) -> None:
        from django.db.backends.signals import connection_created

        self.server.should_exit = True
        self.thread.join(timeout=10)
        connection_created.disconnect(self._remember_connection)
        self.close_connections()
        self.socket.close()


@pytest.fixture(scope="session")
def asgi_server(chromium, django_db_setup, django_db_blocker) -> Iterator[LiveServer]:
    """This worker's server (without Chromium there is no server either).

    Under ASGI each request runs in a thread of its own, so a persistent connection is never
    used again; as Django advises for ASGI, the server's connections close when their request
    ends (CONN_MAX_AGE=0) instead of piling up on PostgreSQL until garbage-collected.
    """
    from django.db import connections

    database = connections.settings["default"]
    max_age = database.get("CONN_MAX_AGE", 0)
    database["CONN_MAX_AGE"] = 0
    server = LiveServer()
    server.start()
    try:
        yield server
    finally:
        with django_db_blocker.unblock():
            server.stop()
        database["CONN_MAX_AGE"] = max_age


@pytest.fixture(scope="session")
def live_server_url(asgi_server: LiveServer) -> str:
    return asgi_server.url


# --- the browser -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium; every e2e test is skipped without it."""
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)
    return CHROMIUM


@pytest.fixture(scope="package")
def browser(chromium: Path):
    """One headless Chromium for a worker's run of this package: Debian's, never one that
    Playwright downloads.

    Package scope, not session: Playwright's sync API keeps an event loop running in the test
    thread, and the other tests of the worker (asyncio.run, async_to_sync) need it gone.
    """
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        expect.set_options(timeout=TIMEOUT_MS)
        try:
            yield launched
        finally:
            launched.close()


class Screens:
    """Numbered screenshots of one test: test-artifacts/e2e/<test>/NN-<what>.png."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    def __call__(self, page, what: str, *, full_page: bool = False) -> Path:
        self.count += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{self.count:02d}-{_slug(what)}.png"
        page.screenshot(path=str(path), full_page=full_page, animations="disabled")
        return path


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[:120] or "screen"


@pytest.fixture
def screens(request: pytest.FixtureRequest) -> Screens:
    folder = Path(request.config.rootpath) / "test-artifacts" / "e2e" / _slug(request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    return Screens(folder)


@pytest.fixture
def new_context(
    browser, asgi_server, live_server_url, screens, request: pytest.FixtureRequest
) -> Iterator[Callable[..., object]]:
    """`new_context(**options)` -> a fresh browser context on this worker's server.

    Contexts are closed after the test; when the test failed, each open page is saved first.
    Then the server's live streams are cut: an open stream reads the feed every few seconds,
    and on PostgreSQL such a read can deadlock with the TRUNCATE that empties the database
    after the test.
    """
    opened: list = []

    def make(**options):
        options.setdefault("timezone_id", ZONE)
        context = browser.new_context(
            base_url=live_server_url,
            locale="en-US",
            **options,
        )
        context.set_default_timeout(TIMEOUT_MS)
        opened.append(context)
        return context

    yield make
    failed = _failed(request)
    for number, context in enumerate(opened, 1):
        if failed:
            for page_number, page in enumerate(context.pages, 1):
                with contextlib.suppress(Exception):
                    screens(page, f"failure-context{number}-page{page_number}", full_page=True)
        with contextlib.suppress(Exception):
            context.close()
    if asgi_server.drop_streams():
        time.sleep(0.2)  # let a read already under way finish


@pytest.fixture
def phone(new_context):
    """A phone-sized touch screen (390x844)."""
    return new_context(**PHONE)


@pytest.fixture
def desktop(new_context):
    """A desktop browser window (1280x800)."""
    return new_context(**DESKTOP)
