"""Schemathesis feeds every API operation generated input: none may answer with a 500.

Each operation gets a salon to work on (so ids in the generated requests sometimes exist) and
an owner's token (so requests get past authentication into the services).
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from salonbook.accounts.selectors import actor_for_user
from salonbook.accounts.services import issue_api_token

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def owner_token(salon):
    _, raw = issue_api_token(actor=actor_for_user(user=salon.owner), name="fuzz")
    # A real server closes the database connection after each request; inside a test that
    # would close the test's own transaction; Django's test client switches it off the same way.
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield raw
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_makes_the_api_fail(case, owner_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {owner_token}"}, checks=[not_a_server_error]
    )
