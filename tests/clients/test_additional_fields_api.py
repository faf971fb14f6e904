"""Changing and deactivating additional fields through the API."""

from __future__ import annotations

import pytest

from salonbook.clients.models import AdditionalField
from tests.helpers_api import not_allowed, not_found, refused_for_field
from tests.salon import make_salon

pytestmark = pytest.mark.django_db

SOURCE = {"applies_to": "booking", "key": "source", "label": "Source", "kind": "choice"}


def test_a_fields_label_and_choices_are_changed(salon, api):
    created = api.post("/additional-fields", {**SOURCE, "choices": ["Instagram"]}).json()

    response = api.patch(
        f"/additional-fields/{created['id']}", {"label": "Heard of us", "choices": ["A", "B"]}
    )

    assert response.status_code == 200, response.content
    assert response.json()["label"] == "Heard of us"
    assert response.json()["choices"] == ["A", "B"]


def test_the_key_and_kind_of_a_field_cannot_change(salon, api):
    created = api.post("/additional-fields", {**SOURCE, "choices": ["Instagram"]}).json()

    api.patch(f"/additional-fields/{created['id']}", {"key": "other", "kind": "text"})

    stored = AdditionalField.objects.get()
    assert (stored.key, stored.kind) == ("source", "choice")


def test_a_choice_field_keeps_at_least_one_choice(salon, api):
    created = api.post("/additional-fields", {**SOURCE, "choices": ["Instagram"]}).json()

    refused_for_field(api.patch(f"/additional-fields/{created['id']}", {"choices": []}), "choices")


def test_a_text_field_gets_no_choices(salon, api):
    created = api.post("/additional-fields", {**SOURCE, "kind": "text"}).json()

    refused_for_field(
        api.patch(f"/additional-fields/{created['id']}", {"choices": ["A"]}), "choices"
    )


def test_a_deactivated_field_leaves_the_list_of_fields(salon, api):
    created = api.post("/additional-fields", {**SOURCE, "choices": ["Instagram"]}).json()

    response = api.patch(f"/additional-fields/{created['id']}", {"is_active": False})

    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert api.get("/additional-fields").json() == []


def test_a_specialist_may_not_change_fields(salon, api, login_as):
    created = api.post("/additional-fields", {**SOURCE, "choices": ["Instagram"]}).json()

    not_allowed(login_as("specialist").patch(f"/additional-fields/{created['id']}", {"label": "X"}))
    assert AdditionalField.objects.get().label == "Source"


def test_another_chains_field_is_not_found(salon, api, login_as):
    theirs = login_as("owner", of=make_salon(name="Elsewhere"))
    created = theirs.post("/additional-fields", {**SOURCE, "choices": ["A"]}).json()

    not_found(api.patch(f"/additional-fields/{created['id']}", {"label": "Mine"}))
