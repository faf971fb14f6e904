"""Client cards through the API: phones, duplicates, search, masking, edits, soft delete,
and the chain's additional fields."""

from __future__ import annotations

import pytest

from salonbook.accounts.models import Role
from salonbook.clients.models import AdditionalField, Client
from salonbook.sync.models import ChangeEvent
from tests.helpers_api import (
    change_count,
    field_errors,
    not_allowed,
    not_found,
    problem,
    refused_for_field,
)
from tests.salon import make_salon

pytestmark = pytest.mark.django_db


@pytest.fixture
def maria(api):
    response = api.post(
        "/clients", {"name": "Maria Lopez", "phone": "(212) 555-0142", "email": "Maria@Example.com"}
    )
    assert response.status_code == 201, response.content
    return response.json()


def without_phone_right(salon, role="specialist"):
    """Take the right to see phone numbers away from a role of the salon."""
    role_row = Role.objects.get(chain=salon.chain, key=role)
    role_row.permissions = [p for p in role_row.permissions if p != "clients.view_phone"]
    role_row.save()


# --- creating ---------------------------------------------------------------------------


def test_a_national_phone_is_stored_in_e164_using_the_chains_country(salon, api, maria):
    client = Client.objects.get(pk=maria["id"])

    assert client.phone == maria["phone"] == "+12125550142"
    assert (client.name, client.email, client.chain_id) == (
        "Maria Lopez",
        "maria@example.com",
        salon.chain.pk,
    )
    assert (maria["version"], maria["field_values"]) == (1, {})
    assert ChangeEvent.objects.filter(
        entity="client", entity_id=client.pk, action="created"
    ).exists()


def test_a_british_chain_reads_national_numbers_as_british(salon, login_as):
    london = make_salon(name="London", time_zone="Europe/London", country="GB", currency="GBP")

    response = login_as("owner", of=london).post(
        "/clients", {"name": "Olivia", "phone": "020 7946 0018"}
    )

    assert response.status_code == 201, response.content
    assert response.json()["phone"] == "+442079460018"


def test_a_phone_with_a_country_code_keeps_its_country(salon, api):
    response = api.post("/clients", {"name": "Olivia", "phone": "+44 20 7946 0018"})

    assert response.json()["phone"] == "+442079460018"


def test_a_client_given_only_by_phone_is_named_by_it(salon, api):
    response = api.post("/clients", {"phone": "212-555-0199"})

    assert response.status_code == 201
    assert response.json()["name"] == "+12125550199"


@pytest.mark.parametrize("phone", ["12", "phone me", "555-0142", "+1 999 555 0142"])
def test_a_malformed_phone_is_refused_naming_the_phone(salon, api, phone):
    events = change_count(salon.chain.pk)

    refused_for_field(api.post("/clients", {"name": "Bad Phone", "phone": phone}), "phone")

    assert not Client.objects.exists()
    assert change_count(salon.chain.pk) == events


def test_a_client_without_name_and_phone_is_refused(salon, api):
    refused_for_field(api.post("/clients", {"name": "  ", "comment": "who?"}), "name")
    assert not Client.objects.exists()


def test_a_malformed_email_is_refused(salon, api):
    refused_for_field(api.post("/clients", {"name": "Eve", "email": "eve@"}), "email")
    assert not Client.objects.exists()


def test_second_client_with_the_same_phone_is_refused_naming_the_first(salon, api, maria):
    response = api.post("/clients", {"name": "Someone Else", "phone": "+1 212-555-0142"})

    body = problem(response, 409)
    assert body["existing_client"] == {"id": maria["id"], "name": "Maria Lopez"}
    assert Client.objects.count() == 1


def test_the_same_phone_in_another_chain_is_another_client(salon, api, maria, login_as):
    other = make_salon(name="Elsewhere")

    response = login_as("owner", of=other).post(
        "/clients", {"name": "Maria", "phone": "(212) 555-0142"}
    )

    assert response.status_code == 201
    assert response.json()["id"] != maria["id"]


# --- searching --------------------------------------------------------------------------


@pytest.fixture
def base(api, maria):
    john = api.post("/clients", {"name": "John Smith", "phone": "646-555-0177"}).json()
    marian = api.post("/clients", {"name": "Marianne Brown", "phone": "+44 20 7946 0018"}).json()
    return {"maria": maria, "john": john, "marian": marian}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mari", ["maria", "marian"]),  # by name, ordered by name
        ("LOPEZ", ["maria"]),
        ("0142", ["maria"]),  # by digits of the phone
        ("+1 212", ["maria"]),
        ("(646) 555", ["john"]),
        ("555", ["john", "maria"]),
        ("example.com", ["maria"]),  # by e-mail
        ("nobody", []),
        ("", ["john", "maria", "marian"]),
    ],
)
def test_clients_are_found_by_name_email_or_phone_digits(salon, api, base, query, expected):
    found = [c["id"] for c in api.get("/clients", q=query).json()]

    names = {v["id"]: k for k, v in base.items()}
    assert [names[i] for i in found] == expected


def test_search_honours_the_limit(salon, api, base):
    assert len(api.get("/clients", limit=2).json()) == 2


def test_search_never_shows_another_chains_clients(salon, api, base, login_as):
    other = make_salon(name="Elsewhere")
    outsider = login_as("owner", of=other)

    assert outsider.get("/clients", q="mari").json() == []
    assert outsider.get("/clients", q="0142").json() == []
    assert outsider.get("/clients").json() == []


# --- masking ----------------------------------------------------------------------------


def test_a_role_without_the_phone_right_sees_masked_phones(salon, maria, login_as):
    without_phone_right(salon)
    specialist = login_as("specialist")

    card = specialist.get(f"/clients/{maria['id']}").json()
    listed = specialist.get("/clients", q="maria").json()

    assert card["phone"] == "+1 ********42"
    assert [c["phone"] for c in listed] == ["+1 ********42"]
    assert "5550142" not in specialist.get("/clients").content.decode()


def test_a_new_client_is_answered_masked_to_a_role_without_the_phone_right(salon, login_as):
    without_phone_right(salon)

    response = login_as("specialist").post(
        "/clients", {"name": "Walk-in", "phone": "(212) 555-0199"}
    )

    assert response.status_code == 201
    assert response.json()["phone"] == "+1 ********99"
    assert Client.objects.get(pk=response.json()["id"]).phone == "+12125550199"


def test_a_role_with_the_phone_right_sees_the_whole_phone(salon, maria, login_as):
    assert login_as("specialist").get(f"/clients/{maria['id']}").json()["phone"] == ("+12125550142")


# --- reading and editing ----------------------------------------------------------------


def test_get_returns_the_card_with_an_etag(salon, api, maria):
    response = api.get(f"/clients/{maria['id']}")

    assert response.status_code == 200
    assert response.json() == maria
    assert response["ETag"] == '"1"'


def test_patch_with_if_match_changes_the_card(salon, api, maria):
    response = api.patch(
        f"/clients/{maria['id']}",
        {"name": "Maria L.", "phone": "212 555 0100", "comment": "VIP"},
        headers={"If-Match": '"1"'},
    )

    assert response.status_code == 200, response.content
    assert response["ETag"] == '"2"'
    client = Client.objects.get(pk=maria["id"])
    assert (client.name, client.phone, client.comment, client.version) == (
        "Maria L.",
        "+12125550100",
        "VIP",
        2,
    )


def test_patch_with_a_stale_if_match_gets_412(salon, api, maria):
    api.patch(f"/clients/{maria['id']}", {"comment": "first"})

    body = problem(
        api.patch(f"/clients/{maria['id']}", {"comment": "second"}, headers={"If-Match": '"1"'}),
        412,
    )

    assert body["current_version"] == 2
    assert Client.objects.get(pk=maria["id"]).comment == "first"


def test_patch_to_another_clients_phone_is_refused_naming_them(salon, api, maria):
    john = api.post("/clients", {"name": "John", "phone": "646-555-0177"}).json()

    body = problem(api.patch(f"/clients/{john['id']}", {"phone": "2125550142"}), 409)

    assert body["existing_client"] == {"id": maria["id"], "name": "Maria Lopez"}
    assert Client.objects.get(pk=john["id"]).phone == "+16465550177"


@pytest.mark.parametrize(
    ("change", "field"),
    [({"phone": "123"}, "phone"), ({"email": "nope"}, "email"), ({"name": ""}, "name")],
)
def test_a_bad_patch_is_refused_and_changes_nothing(salon, api, maria, change, field):
    refused_for_field(api.patch(f"/clients/{maria['id']}", change), field)

    client = Client.objects.get(pk=maria["id"])
    assert (client.name, client.phone, client.version) == ("Maria Lopez", "+12125550142", 1)


def test_a_specialist_may_add_but_not_edit_or_delete_clients(salon, maria, login_as):
    specialist = login_as("specialist")

    assert specialist.post("/clients", {"name": "Walk-in"}).status_code == 201
    not_allowed(specialist.patch(f"/clients/{maria['id']}", {"name": "Changed"}))
    not_allowed(specialist.delete(f"/clients/{maria['id']}"))

    client = Client.objects.get(pk=maria["id"])
    assert (client.name, client.deleted_at) == ("Maria Lopez", None)


def test_a_role_without_clients_create_may_not_add_clients(salon, login_as):
    role = Role.objects.get(chain=salon.chain, key="specialist")
    role.permissions = [p for p in role.permissions if p != "clients.create"]
    role.save()

    not_allowed(login_as("specialist").post("/clients", {"name": "Walk-in"}))
    assert not Client.objects.exists()


# --- deleting ---------------------------------------------------------------------------


def test_delete_is_soft_and_the_card_is_gone_from_the_api(salon, api, maria):
    assert api.delete(f"/clients/{maria['id']}").status_code == 204

    client = Client.objects.get(pk=maria["id"])
    assert client.deleted_at is not None
    assert client.version == 2
    not_found(api.get(f"/clients/{maria['id']}"))
    not_found(api.patch(f"/clients/{maria['id']}", {"name": "Back"}))
    not_found(api.delete(f"/clients/{maria['id']}"))
    assert api.get("/clients", q="maria").json() == []
    assert (
        ChangeEvent.objects.filter(entity="client", entity_id=maria["id"], action="deleted").count()
        == 1
    )


def test_a_deleted_clients_phone_can_be_given_to_a_new_card(salon, api, maria):
    api.delete(f"/clients/{maria['id']}")

    response = api.post("/clients", {"name": "Maria Again", "phone": "(212) 555-0142"})

    assert response.status_code == 201
    assert response.json()["id"] != maria["id"]


# --- tenancy ----------------------------------------------------------------------------


def test_another_chains_client_is_not_found(salon, maria, login_as):
    other = make_salon(name="Elsewhere")
    outsider = login_as("owner", of=other)

    not_found(outsider.get(f"/clients/{maria['id']}"))
    not_found(outsider.patch(f"/clients/{maria['id']}", {"name": "Stolen"}))
    not_found(outsider.delete(f"/clients/{maria['id']}"))

    client = Client.objects.get(pk=maria["id"])
    assert (client.name, client.deleted_at, client.version) == ("Maria Lopez", None, 1)


# --- additional fields ------------------------------------------------------------------


@pytest.fixture
def fields(api):
    made = [
        api.post(
            "/additional-fields",
            {
                "applies_to": "client",
                "key": "hair_type",
                "label": "Hair type",
                "kind": "choice",
                "choices": ["straight", "curly", "wavy"],
            },
        ),
        api.post(
            "/additional-fields",
            {"applies_to": "client", "key": "shoe_size", "label": "Shoe size", "kind": "number"},
        ),
        api.post(
            "/additional-fields",
            {
                "applies_to": "client",
                "key": "source",
                "label": "Source",
                "kind": "text",
                "required": True,
            },
        ),
    ]
    assert [r.status_code for r in made] == [201, 201, 201], [r.content for r in made]
    return [r.json() for r in made]


def test_additional_fields_are_created_and_listed(salon, api, fields):
    listed = api.get("/additional-fields", applies_to="client").json()

    assert [f["key"] for f in listed] == ["hair_type", "shoe_size", "source"]
    assert listed[0]["choices"] == ["straight", "curly", "wavy"]
    assert api.get("/additional-fields", applies_to="booking").json() == []


def test_valid_additional_values_are_kept_normalised(salon, api, fields):
    response = api.post(
        "/clients",
        {
            "name": "Ann",
            "field_values": {"hair_type": "curly", "shoe_size": 38.5, "source": "  Instagram "},
        },
    )

    assert response.status_code == 201, response.content
    assert response.json()["field_values"] == {
        "hair_type": "curly",
        "shoe_size": "38.5",
        "source": "Instagram",
    }


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"hair_type": "bald", "source": "Ad"}, "field_values.hair_type"),
        ({"shoe_size": "abc", "source": "Ad"}, "field_values.shoe_size"),
        ({"shoe_size": True, "source": "Ad"}, "field_values.shoe_size"),
        ({"hair_type": "curly"}, "field_values.source"),
        ({"source": ""}, "field_values.source"),
        ({"source": "Ad", "favourite_color": "red"}, "field_values.favourite_color"),
    ],
)
def test_bad_additional_values_are_refused_naming_the_field(salon, api, fields, values, field):
    refused_for_field(api.post("/clients", {"name": "Ann", "field_values": values}), field)
    assert not Client.objects.exists()


def test_additional_values_are_checked_on_patch_too(salon, api, fields):
    ann = api.post("/clients", {"name": "Ann", "field_values": {"source": "Ad"}}).json()

    refused_for_field(
        api.patch(f"/clients/{ann['id']}", {"field_values": {"source": "Ad", "shoe_size": "abc"}}),
        "field_values.shoe_size",
    )
    assert Client.objects.get(pk=ann["id"]).field_values == {"source": "Ad"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "choice", "choices": []}, "choices"),
        ({"kind": "colour"}, "kind"),
        ({"applies_to": "visit"}, "applies_to"),
        ({"key": "Hair Type"}, "key"),
        ({"label": ""}, "label"),
    ],
)
def test_a_bad_additional_field_is_refused(salon, api, body, field):
    response = api.post(
        "/additional-fields", {"applies_to": "client", "key": "k", "label": "K", **body}
    )

    refused_for_field(response, field)
    assert not AdditionalField.objects.exists()


def test_an_additional_field_key_is_unique(salon, api, fields):
    response = api.post(
        "/additional-fields", {"applies_to": "client", "key": "source", "label": "Again"}
    )

    refused_for_field(response, "key")


def test_a_specialist_may_not_define_additional_fields(salon, login_as):
    not_allowed(
        login_as("specialist").post(
            "/additional-fields", {"applies_to": "client", "key": "k", "label": "K"}
        )
    )
    assert not AdditionalField.objects.exists()


def test_another_chains_additional_fields_are_neither_listed_nor_applied(
    salon, api, fields, login_as
):
    other = make_salon(name="Elsewhere")
    outsider = login_as("owner", of=other)

    assert outsider.get("/additional-fields").json() == []
    # Our required "source" does not bind them; our keys are unknown to them.
    assert outsider.post("/clients", {"name": "Ann"}).status_code == 201
    errors = field_errors(
        outsider.post("/clients", {"name": "Bo", "field_values": {"hair_type": "curly"}})
    )
    assert "field_values.hair_type" in errors
