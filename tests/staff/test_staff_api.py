"""Positions and staff members through the API."""

from __future__ import annotations

import pytest

from salonbook.staff.models import Position, StaffMember
from salonbook.sync.models import ChangeEvent
from tests.helpers_api import change_count, not_allowed, not_found, problem, refused_for_field
from tests.salon import make_salon

pytestmark = pytest.mark.django_db


def staff_body(salon, **extra):
    return {"name": "Anna", "location_id": salon.location.pk, **extra}


# --- positions ---------------------------------------------------------------------------


def test_positions_are_created_and_listed_by_name(salon, api):
    first = api.post("/positions", {"name": "Stylist"})
    second = api.post("/positions", {"name": "Barber"})

    assert first.status_code == second.status_code == 201
    assert [p["name"] for p in api.get("/positions").json()] == ["Barber", "Stylist"]
    assert ChangeEvent.objects.filter(entity="position", entity_id=first.json()["id"]).exists()


def test_a_position_name_is_unique_in_the_chain_whatever_the_case(salon, api):
    api.post("/positions", {"name": "Stylist"})

    refused_for_field(api.post("/positions", {"name": "stylist"}), "name")
    assert Position.objects.filter(chain=salon.chain).count() == 1


def test_an_empty_position_name_is_refused(salon, api):
    refused_for_field(api.post("/positions", {"name": ""}), "name")


def test_positions_of_another_chain_are_not_listed(salon, api, login_as):
    other = make_salon(name="Elsewhere")
    login_as("owner", of=other).post("/positions", {"name": "Their position"})

    assert api.get("/positions").json() == []


def test_a_specialist_may_not_create_positions(salon, login_as):
    not_allowed(login_as("specialist").post("/positions", {"name": "Boss"}))
    assert not Position.objects.exists()


# --- staff: list, create ----------------------------------------------------------------


def test_staff_list_shows_active_staff_of_the_chain_and_filters_by_location(salon, api):
    other = make_salon(name="Elsewhere")
    branch = api.post("/locations", {"name": "Branch", "time_zone": "America/Chicago"}).json()
    away = api.post("/staff", staff_body(salon, name="Away", location_id=branch["id"])).json()
    gone = api.post("/staff", staff_body(salon, name="Gone")).json()
    api.patch(f"/staff/{gone['id']}", {"is_active": False})

    listed = {s["id"] for s in api.get("/staff").json()}
    at_branch = [s["id"] for s in api.get("/staff", location_id=branch["id"]).json()]
    everyone = {s["id"] for s in api.get("/staff", include_inactive="true").json()}

    ours = {m.pk for m in salon.staff}
    assert listed == ours | {away["id"]}
    assert at_branch == [away["id"]]
    assert everyone == ours | {away["id"], gone["id"]}
    assert not everyone & {m.pk for m in other.staff}


def test_a_staff_member_is_created_with_position_and_color(salon, api):
    position = api.post("/positions", {"name": "Colorist"}).json()

    response = api.post(
        "/staff",
        staff_body(
            salon,
            position_id=position["id"],
            color="#A1b2C3",
            phone="+12125550100",
            email="anna@example.com",
            sort_order=3,
        ),
    )

    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["position_id"], data["color"], data["sort_order"]) == (
        position["id"],
        "#A1b2C3",
        3,
    )
    assert (data["is_active"], data["version"]) == (True, 1)
    member = StaffMember.objects.get(pk=data["id"])
    assert (member.chain_id, member.location_id) == (salon.chain.pk, salon.location.pk)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"location_id": 999999}, "location_id"),
        ({"position_id": 999999}, "position_id"),
        ({"color": "red"}, "color"),
        ({"color": "#12345"}, "color"),
        ({"color": "#1234567"}, "color"),
        ({"color": "#GGGGGG"}, "color"),
        ({"name": ""}, "name"),
        ({"email": "not-an-email"}, "email"),
    ],
)
def test_bad_staff_input_is_refused_naming_the_field_and_writes_nothing(salon, api, change, field):
    before = (StaffMember.objects.count(), change_count(salon.chain.pk))

    refused_for_field(api.post("/staff", {**staff_body(salon), **change}), field)

    assert (StaffMember.objects.count(), change_count(salon.chain.pk)) == before


def test_another_chains_location_or_position_cannot_be_used(salon, api, login_as):
    other = make_salon(name="Elsewhere")
    their_position = login_as("owner", of=other).post("/positions", {"name": "Theirs"}).json()
    before = StaffMember.objects.count()

    refused_for_field(
        api.post("/staff", staff_body(salon, location_id=other.location.pk)), "location_id"
    )
    refused_for_field(
        api.post("/staff", staff_body(salon, position_id=their_position["id"])), "position_id"
    )

    assert StaffMember.objects.count() == before
    assert not StaffMember.objects.filter(location=other.location, chain=salon.chain).exists()


def test_a_specialist_may_not_create_or_edit_staff(salon, login_as):
    client = login_as("specialist")
    member = salon.staff[0]

    not_allowed(client.post("/staff", staff_body(salon)))
    not_allowed(client.patch(f"/staff/{member.pk}", {"name": "Promoted"}))

    assert StaffMember.objects.filter(chain=salon.chain).count() == 2
    member.refresh_from_db()
    assert (member.name, member.version) == ("Stylist 1", 1)


def test_an_administrator_may_manage_staff(salon, login_as):
    admin = login_as("administrator")

    assert admin.post("/staff", staff_body(salon)).status_code == 201
    assert admin.patch(f"/staff/{salon.staff[1].pk}", {"name": "Renamed"}).status_code == 200


# --- staff: get, patch ------------------------------------------------------------------


def test_get_returns_the_staff_member_with_an_etag(salon, login_as):
    response = login_as("specialist").get(f"/staff/{salon.staff[1].pk}")

    assert response.status_code == 200
    assert response.json()["name"] == "Stylist 2"
    assert response["ETag"] == '"1"'


def test_patch_with_if_match_changes_the_member_and_bumps_the_version(salon, api):
    position = api.post("/positions", {"name": "Senior"}).json()
    member = salon.staff[0]

    response = api.patch(
        f"/staff/{member.pk}",
        {"name": "Anna K.", "position_id": position["id"], "color": "#00ff00"},
        headers={"If-Match": '"1"'},
    )

    assert response.status_code == 200, response.content
    assert response["ETag"] == '"2"'
    member.refresh_from_db()
    assert (member.name, member.position_id, member.color, member.version) == (
        "Anna K.",
        position["id"],
        "#00ff00",
        2,
    )
    assert ChangeEvent.objects.filter(
        entity="staff", entity_id=member.pk, action="updated", version=2
    ).exists()


def test_patch_can_clear_the_position(salon, api):
    position = api.post("/positions", {"name": "Senior"}).json()
    member = salon.staff[0]
    api.patch(f"/staff/{member.pk}", {"position_id": position["id"]})

    response = api.patch(f"/staff/{member.pk}", {"position_id": None})

    assert response.status_code == 200
    assert response.json()["position_id"] is None


def test_patch_with_a_stale_if_match_gets_412(salon, api):
    member = salon.staff[0]
    api.patch(f"/staff/{member.pk}", {"sort_order": 5})

    body = problem(
        api.patch(f"/staff/{member.pk}", {"name": "Late"}, headers={"If-Match": '"1"'}), 412
    )

    assert body["current_version"] == 2
    member.refresh_from_db()
    assert member.name == "Stylist 1"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"location_id": 999999}, "location_id"),
        ({"position_id": 999999}, "position_id"),
        ({"color": "blue"}, "color"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_patch_is_refused_and_changes_nothing(salon, api, change, field):
    member = salon.staff[0]

    refused_for_field(api.patch(f"/staff/{member.pk}", change), field)

    member.refresh_from_db()
    assert (member.name, member.location_id, member.version) == ("Stylist 1", salon.location.pk, 1)


def test_moving_a_member_to_another_chains_location_is_refused(salon, api):
    other = make_salon(name="Elsewhere")
    member = salon.staff[0]

    refused_for_field(
        api.patch(f"/staff/{member.pk}", {"location_id": other.location.pk}), "location_id"
    )

    member.refresh_from_db()
    assert member.location_id == salon.location.pk


def test_patch_with_a_null_location_is_refused(salon, api):
    member = salon.staff[0]

    refused_for_field(api.patch(f"/staff/{member.pk}", {"location_id": None}), "location_id")


def test_another_chains_staff_member_is_not_found(salon, login_as):
    other = make_salon(name="Elsewhere")
    outsider = login_as("owner", of=other)
    member = salon.staff[0]

    not_found(outsider.get(f"/staff/{member.pk}"))
    not_found(outsider.patch(f"/staff/{member.pk}", {"name": "Poached"}))
    assert member.pk not in {s["id"] for s in outsider.get("/staff").json()}
    member.refresh_from_db()
    assert member.name == "Stylist 1"


def test_a_missing_staff_member_is_not_found(api):
    not_found(api.get("/staff/999999"))


def test_a_position_is_renamed_but_not_onto_another_positions_name(salon, api, login_as):
    stylist = api.post("/positions", {"name": "Stylist"}).json()
    api.post("/positions", {"name": "Barber"})

    renamed = api.patch(f"/positions/{stylist['id']}", {"name": "Senior stylist"})

    assert renamed.status_code == 200
    assert renamed.json() == {"id": stylist["id"], "name": "Senior stylist"}
    refused_for_field(api.patch(f"/positions/{stylist['id']}", {"name": "barber"}), "name")
    not_allowed(login_as("specialist").patch(f"/positions/{stylist['id']}", {"name": "Boss"}))
    theirs = login_as("owner", of=make_salon(name="Elsewhere")).post(
        "/positions", {"name": "Theirs"}
    )
    not_found(api.patch(f"/positions/{theirs.json()['id']}", {"name": "Mine"}))
