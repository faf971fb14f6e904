"""Storages of each location through the API."""

from __future__ import annotations

import pytest

from salonbook.chains.services import create_location
from salonbook.inventory.models import Storage
from salonbook.sync.models import ChangeEvent
from tests.helpers_api import change_count, not_allowed, not_found, problem, refused_for_field
from tests.salon import make_salon
from tests.stock import storage

pytestmark = pytest.mark.django_db


def test_a_location_gets_several_storages_listed_by_location(salon, api):
    other_location = create_location(actor=salon.actor(), name="Uptown", time_zone="UTC")

    main = api.post("/storages", {"location_id": salon.location.pk, "name": "Main storage"})
    shelf = api.post("/storages", {"location_id": salon.location.pk, "name": "Retail shelf"})
    uptown = api.post("/storages", {"location_id": other_location.pk, "name": "Main storage"})

    assert main.status_code == shelf.status_code == uptown.status_code == 201, main.content
    assert main.json()["version"] == 1 and main.json()["is_active"] is True
    here = api.get("/storages", location_id=salon.location.pk).json()
    assert [s["name"] for s in here] == ["Main storage", "Retail shelf"]
    assert len(api.get("/storages").json()) == 3
    assert ChangeEvent.objects.filter(entity="storage", action="created").count() == 3


def test_a_storage_name_is_unique_at_its_location(salon, api):
    storage(salon, "Main storage")
    before = change_count(salon.chain.pk)

    refused_for_field(
        api.post("/storages", {"location_id": salon.location.pk, "name": "Main storage"}), "name"
    )
    assert change_count(salon.chain.pk) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"location_id": 999999}, "location_id"),
        ({"location_id": None}, "location_id"),
    ],
)
def test_bad_storage_input_is_refused(salon, api, body, field):
    refused_for_field(
        api.post("/storages", {"location_id": salon.location.pk, "name": "Back room", **body}),
        field,
    )
    assert not Storage.objects.exists()


def test_another_chains_location_cannot_get_our_storage(salon, api):
    theirs = make_salon(name="Elsewhere").location

    refused_for_field(
        api.post("/storages", {"location_id": theirs.pk, "name": "Mine"}), "location_id"
    )
    assert not Storage.objects.exists()


def test_a_storage_is_renamed_and_closed_with_if_match(salon, api):
    main = storage(salon)

    response = api.patch(
        f"/storages/{main.pk}",
        {"name": "Back room", "is_active": False},
        headers={"If-Match": '"1"'},
    )

    assert response.status_code == 200, response.content
    assert response["ETag"] == '"2"'
    main.refresh_from_db()
    assert (main.name, main.is_active, main.version) == ("Back room", False, 2)
    assert api.get("/storages").json() == []
    assert [s["name"] for s in api.get("/storages", include_inactive="true").json()] == [
        "Back room"
    ]


def test_a_stale_if_match_gets_412(salon, api):
    main = storage(salon)
    api.patch(f"/storages/{main.pk}", {"name": "Back room"})

    body = problem(
        api.patch(f"/storages/{main.pk}", {"is_active": False}, headers={"If-Match": '"1"'}), 412
    )

    assert body["current_version"] == 2
    main.refresh_from_db()
    assert main.is_active


def test_get_gives_the_storage_with_its_etag(salon, login_as):
    main = storage(salon)

    response = login_as("specialist").get(f"/storages/{main.pk}")

    assert response.status_code == 200 and response["ETag"] == '"1"'
    assert response.json()["location_id"] == salon.location.pk


def test_a_specialist_sees_storages_but_may_not_change_them(salon, login_as):
    main = storage(salon)
    specialist = login_as("specialist")

    assert len(specialist.get("/storages").json()) == 1
    not_allowed(specialist.post("/storages", {"location_id": salon.location.pk, "name": "New"}))
    not_allowed(specialist.patch(f"/storages/{main.pk}", {"name": "Mine"}))
    main.refresh_from_db()
    assert main.name == "Main storage" and Storage.objects.count() == 1


def test_another_chains_storage_is_not_found_nor_listed(salon, login_as):
    main = storage(salon)
    outsider = login_as("owner", of=make_salon(name="Elsewhere"))

    assert outsider.get("/storages").json() == []
    not_found(outsider.get(f"/storages/{main.pk}"))
    not_found(outsider.patch(f"/storages/{main.pk}", {"name": "Mine"}))
    main.refresh_from_db()
    assert main.name == "Main storage"
