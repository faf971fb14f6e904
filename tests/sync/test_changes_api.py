"""The change feed through the API: cursors, pages, and who may read it."""

from __future__ import annotations

import pytest

from salonbook.accounts.models import Role
from salonbook.sync.models import ChangeEvent
from tests.helpers_api import not_allowed, refused_for_field
from tests.salon import make_salon

pytestmark = pytest.mark.django_db


def make_positions(api, count):
    ids = []
    for i in range(count):
        response = api.post("/positions", {"name": f"Position {i}"})
        assert response.status_code == 201
        ids.append(response.json()["id"])
    return ids


def test_the_feed_lists_the_chains_changes_oldest_first(salon, api):
    feed = api.get("/changes").json()

    cursors = [c["cursor"] for c in feed["changes"]]
    expected = list(ChangeEvent.objects.filter(chain=salon.chain).values_list("pk", flat=True))
    assert cursors == sorted(cursors) == expected
    assert feed["next"] == cursors[-1]
    assert feed["more"] is False
    first = feed["changes"][0]
    assert (first["entity"], first["id"], first["action"]) == (
        "location",
        salon.location.pk,
        "created",
    )
    assert first["actor_id"] == salon.owner.pk
    assert set(first) == {"cursor", "entity", "id", "action", "version", "at", "actor_id", "data"}


def test_after_a_cursor_only_later_changes_are_listed(salon, api):
    cursor = api.get("/changes").json()["next"]
    ids = make_positions(api, 2)

    feed = api.get("/changes", after=cursor).json()

    assert [(c["entity"], c["id"], c["action"]) for c in feed["changes"]] == [
        ("position", ids[0], "created"),
        ("position", ids[1], "created"),
    ]
    assert all(c["cursor"] > cursor for c in feed["changes"])
    empty = api.get("/changes", after=feed["next"]).json()
    assert (empty["changes"], empty["next"], empty["more"]) == ([], feed["next"], False)


def test_pages_of_limit_changes_say_when_more_are_waiting(salon, api):
    cursor = api.get("/changes").json()["next"]
    ids = make_positions(api, 5)

    seen, pages = [], []
    while True:
        page = api.get("/changes", after=cursor, limit=2).json()
        assert len(page["changes"]) <= 2
        pages.append((len(page["changes"]), page["more"]))
        seen += [c["id"] for c in page["changes"]]
        cursor = page["next"]
        if not page["more"]:
            break

    assert pages == [(2, True), (2, True), (1, False)]
    assert seen == ids


def test_a_page_exactly_as_long_as_what_is_left_has_no_more(salon, api):
    cursor = api.get("/changes").json()["next"]
    make_positions(api, 3)

    page = api.get("/changes", after=cursor, limit=3).json()

    assert (len(page["changes"]), page["more"]) == (3, False)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"after": -1}, "after"),
        ({"after": "abc"}, "after"),
        ({"limit": 0}, "limit"),
        ({"limit": 1001}, "limit"),
        ({"limit": -5}, "limit"),
    ],
)
def test_bad_cursor_or_limit_is_refused(salon, api, params, field):
    refused_for_field(api.get("/changes", **params), field)


def test_the_feed_never_shows_another_chains_changes(salon, api, login_as):
    other = make_salon(name="Elsewhere")
    theirs = login_as("owner", of=other)
    ids = make_positions(api, 1)

    their_feed = theirs.get("/changes", limit=1000).json()["changes"]
    our_feed = api.get("/changes", limit=1000).json()["changes"]

    assert ("position", ids[0]) not in {(c["entity"], c["id"]) for c in their_feed}
    our_cursors = {c["cursor"] for c in our_feed}
    assert not our_cursors & {c["cursor"] for c in their_feed}
    assert set(ChangeEvent.objects.filter(chain=other.chain).values_list("pk", flat=True)) == {
        c["cursor"] for c in their_feed
    }


def test_a_specialist_may_read_the_feed(salon, login_as):
    assert login_as("specialist").get("/changes").status_code == 200


def test_a_role_without_the_feed_right_is_refused(salon, login_as):
    role = Role.objects.get(chain=salon.chain, key="specialist")
    role.permissions = [p for p in role.permissions if p != "changes.view"]
    role.save()

    not_allowed(login_as("specialist").get("/changes"))
