"""Locations through the API: listing, creating, reading with an ETag, editing with If-Match."""

from __future__ import annotations

import pytest

from salonbook.sync.models import ChangeEvent
from salonbook.tenancy.models import Location
from tests.helpers_api import change_count, not_allowed, not_found, problem, refused_for_field
from tests.salon import make_salon

pytestmark = pytest.mark.django_db


def location_body(**extra):
    return {"name": "Uptown", "time_zone": "Europe/Berlin", "address": "Main St 1", **extra}


def test_list_shows_only_the_chains_active_locations(salon, api):
    other = make_salon(name="Elsewhere")
    closed = api.post("/locations", location_body(name="Closed")).json()
    api.patch(f"/locations/{closed['id']}", {"is_active": False})

    listed = api.get("/locations").json()
    everything = api.get("/locations", include_inactive="true").json()

    assert [loc["id"] for loc in listed] == [salon.location.pk]
    assert [loc["id"] for loc in everything] == [salon.location.pk, closed["id"]]
    assert other.location.pk not in {loc["id"] for loc in everything}


def test_owner_creates_a_location_and_the_change_is_recorded(salon, api):
    response = api.post("/locations", location_body(slot_step_minutes=30, min_lead_minutes=60))

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["name"] == "Uptown"
    assert data["time_zone"] == "Europe/Berlin"
    assert (data["slot_step_minutes"], data["min_lead_minutes"]) == (30, 60)
    assert (data["is_active"], data["version"]) == (True, 1)
    location = Location.objects.get(pk=data["id"])
    assert location.chain_id == salon.chain.pk
    assert ChangeEvent.objects.filter(
        chain_id=salon.chain.pk, entity="location", entity_id=location.pk, action="created"
    ).exists()


def test_get_returns_the_location_with_its_version_as_etag(salon, api):
    response = api.get(f"/locations/{salon.location.pk}")

    assert response.status_code == 200
    assert response.json()["name"] == "Test Salon Main"
    assert response["ETag"] == '"1"'


def test_patch_with_the_current_etag_bumps_the_version(salon, api):
    etag = api.get(f"/locations/{salon.location.pk}")["ETag"]

    response = api.patch(
        f"/locations/{salon.location.pk}", {"name": "Downtown"}, headers={"If-Match": etag}
    )

    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Downtown"
    assert response.json()["version"] == 2
    assert response["ETag"] == '"2"'
    salon.location.refresh_from_db()
    assert salon.location.name == "Downtown"


def test_patch_with_a_stale_etag_gets_412_and_changes_nothing(salon, api):
    api.patch(f"/locations/{salon.location.pk}", {"address": "First edit"})
    events = change_count(salon.chain.pk)

    response = api.patch(
        f"/locations/{salon.location.pk}", {"name": "Lost update"}, headers={"If-Match": '"1"'}
    )

    body = problem(response, 412)
    assert body["current_version"] == 2
    salon.location.refresh_from_db()
    assert (salon.location.name, salon.location.version) == ("Test Salon Main", 2)
    assert change_count(salon.chain.pk) == events


def test_a_malformed_if_match_is_refused(salon, api):
    response = api.patch(
        f"/locations/{salon.location.pk}", {"name": "X"}, headers={"If-Match": "yesterday"}
    )

    refused_for_field(response, "If-Match")
    salon.location.refresh_from_db()
    assert salon.location.name == "Test Salon Main"


@pytest.mark.parametrize("time_zone", ["Mars/Olympus_Mons", "Europe/berlin", "UTC+3", ""])
def test_an_unknown_time_zone_is_refused_on_create(salon, api, time_zone):
    response = api.post("/locations", location_body(time_zone=time_zone))

    refused_for_field(response, "time_zone")
    assert Location.objects.filter(chain=salon.chain).count() == 1


def test_an_unknown_time_zone_is_refused_on_patch(salon, api):
    response = api.patch(f"/locations/{salon.location.pk}", {"time_zone": "Atlantis/Capital"})

    refused_for_field(response, "time_zone")
    salon.location.refresh_from_db()
    assert (salon.location.time_zone, salon.location.version) == ("America/New_York", 1)


@pytest.mark.parametrize("step", [0, 4, 241, 1000])
def test_a_slot_step_out_of_range_is_refused(salon, api, step):
    created = api.post("/locations", location_body(slot_step_minutes=step))
    patched = api.patch(f"/locations/{salon.location.pk}", {"slot_step_minutes": step})

    refused_for_field(created, "slot_step_minutes")
    refused_for_field(patched, "slot_step_minutes")
    assert Location.objects.filter(chain=salon.chain).count() == 1
    salon.location.refresh_from_db()
    assert salon.location.slot_step_minutes == 15


@pytest.mark.parametrize("step", [5, 240])
def test_slot_steps_at_the_bounds_are_accepted(api, step):
    assert api.post("/locations", location_body(slot_step_minutes=step)).status_code == 201


def test_a_negative_lead_time_is_refused(salon, api):
    refused_for_field(
        api.post("/locations", location_body(min_lead_minutes=-1)), "min_lead_minutes"
    )


def test_a_location_without_a_name_is_refused(salon, api):
    refused_for_field(api.post("/locations", location_body(name="")), "name")


@pytest.mark.parametrize("role", ["administrator", "specialist"])
def test_only_the_owner_may_create_or_edit_locations(salon, login_as, role):
    client = login_as(role)
    events = change_count(salon.chain.pk)

    not_allowed(client.post("/locations", location_body()))
    not_allowed(client.patch(f"/locations/{salon.location.pk}", {"name": "Mine now"}))

    assert Location.objects.filter(chain=salon.chain).count() == 1
    salon.location.refresh_from_db()
    assert salon.location.name == "Test Salon Main"
    assert change_count(salon.chain.pk) == events


@pytest.mark.parametrize("role", ["administrator", "specialist"])
def test_every_member_may_read_the_locations(salon, login_as, role):
    client = login_as(role)

    assert [loc["id"] for loc in client.get("/locations").json()] == [salon.location.pk]
    assert client.get(f"/locations/{salon.location.pk}").status_code == 200


def test_another_chains_location_is_not_found(salon, login_as):
    other = make_salon(name="Elsewhere")
    outsider = login_as("owner", of=other)

    not_found(outsider.get(f"/locations/{salon.location.pk}"))
    not_found(outsider.patch(f"/locations/{salon.location.pk}", {"name": "Taken over"}))
    assert salon.location.pk not in {loc["id"] for loc in outsider.get("/locations").json()}
    salon.location.refresh_from_db()
    assert salon.location.name == "Test Salon Main"


def test_a_missing_location_is_not_found(api):
    not_found(api.get("/locations/999999"))


def test_an_anonymous_caller_is_not_let_in(salon, client):
    response = client.get("/api/v1/locations")

    problem(response, 401)
