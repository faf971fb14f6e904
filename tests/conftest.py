from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import translation

from tests.salon import Salon, make_salon


class ApiClient:
    """A JSON client for /api/v1/ that reads like the requests it makes."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def _call(
        self, method: str, path: str, body: Any = None, headers: dict | None = None, **params: Any
    ):
        url = "/api/v1" + path
        kwargs: dict[str, Any] = {"headers": headers or {}}
        if method == "get":
            return self.client.get(url, params, **kwargs)
        if body is not None:
            kwargs["data"] = json.dumps(body, default=str)
            kwargs["content_type"] = "application/json"
        return getattr(self.client, method)(url, **kwargs)

    def get(self, path: str, headers: dict | None = None, **params: Any):
        return self._call("get", path, headers=headers, **params)

    def post(self, path: str, body: Any = None, headers: dict | None = None):
        return self._call("post", path, body, headers)

    def patch(self, path: str, body: Any = None, headers: dict | None = None):
        return self._call("patch", path, body, headers)

    def put(self, path: str, body: Any = None, headers: dict | None = None):
        return self._call("put", path, body, headers)

    def delete(self, path: str, headers: dict | None = None):
        return self._call("delete", path, None, headers)


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Production-strength hashing costs ~0.3 s a user; tests create hundreds of users."""
    from django.conf import settings
    from django.contrib.auth.hashers import get_hashers

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_hashers.cache_clear()


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_default_language():
    """A page request activates its viewer's language in the thread, as Django's
    LocaleMiddleware does, and it stays active after the response: a test that then calls a
    service directly would read its messages in that language, depending on which test ran
    before it on the same worker."""
    yield
    translation.deactivate()


@pytest.fixture
def salon(db) -> Salon:
    return make_salon()


@pytest.fixture
def login_as(salon: Salon):
    """`login_as("administrator")` -> an ApiClient with that person's session."""

    def _login(role: str = "owner", of: Salon | None = None) -> ApiClient:
        client = Client()
        client.force_login((of or salon).users[role])
        return ApiClient(client)

    return _login


@pytest.fixture
def api(login_as) -> ApiClient:
    return login_as("owner")


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="PostgreSQL tests skipped: run with DATABASE_URL=postgres://...")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"


@pytest.fixture
def is_postgres() -> bool:
    return connection.vendor == "postgresql"
