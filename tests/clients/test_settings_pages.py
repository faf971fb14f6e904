"""Additional fields in the settings: booking and client fields on one page; create, edit,
deactivate and bring back; only for people who manage the salon's settings."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess

import pytest

from salonbook.clients.field_keys import suggest_key
from salonbook.clients.models import AdditionalField
from salonbook.clients.selectors import additional_fields
from salonbook.clients.services import create_additional_field
from salonbook.sync.models import ChangeEvent
from tests.pages import browser_as
from tests.salon import make_salon
from tests.settings_pages import (
    event_count,
    events,
    forbidden,
    main_of,
    not_found,
    refused_form,
    said,
)

pytestmark = pytest.mark.django_db


def field(salon, applies_to="booking", key="source", **extra):
    extra.setdefault("label", key.title())
    return create_additional_field(actor=salon.actor(), applies_to=applies_to, key=key, **extra)


def test_booking_and_client_fields_are_listed_apart_deactivated_ones_too(salon):
    field(salon, "booking", "source", label="Where they heard of us")
    allergy = field(salon, "client", "allergies", label="Allergies", required=True)
    allergy.is_active = False
    allergy.save()

    response = browser_as(salon).get("/settings/fields/")

    sections = {
        s["applies_to"]: [item["field"].key for item in s["fields"]]
        for s in response.context["lists"]
    }
    assert sections == {"booking": ["source"], "client": ["allergies"]}
    page = main_of(response)
    assert "Where they heard of us" in page and "Deactivated" in page


def test_a_choice_field_is_created_with_one_choice_per_line(salon):
    form = {
        "applies_to": "booking",
        "label": "Where they heard of us",
        "key": "source",
        "kind": "choice",
        "choices": "Instagram\r\n  Friends \r\n\r\nWalk-in",
        "required": "on",
        "sort_order": "1",
    }

    response = browser_as(salon).post("/settings/fields/new/", form, follow=True)

    created = AdditionalField.objects.get(chain=salon.chain)
    assert (created.kind, created.choices, created.required, created.applies_to) == (
        "choice",
        ["Instagram", "Friends", "Walk-in"],
        True,
        "booking",
    )
    assert "Field “Where they heard of us” was created." in said(response)
    assert events(salon, "additional_field") == [("additional_field", created.pk, "created")]


@pytest.mark.parametrize(
    ("changes", "refused"),
    [
        ({"kind": "choice", "choices": ""}, "choices"),
        ({"key": "Not A Slug"}, "key"),
        ({"label": ""}, "label"),
        ({"applies_to": "invoice"}, "applies_to"),
    ],
)
def test_a_field_with_bad_input_is_shown_again_and_not_written(salon, changes, refused):
    form = {"applies_to": "client", "label": "Size", "key": "size", "kind": "text", "sort_order": 0}

    errors = refused_form(browser_as(salon).post("/settings/fields/new/", {**form, **changes}))

    assert refused in errors
    assert not AdditionalField.objects.exists()


LABELS_AND_KEYS = [
    ("Аллергия", "allergiya"),
    ("Цвет волос", "tsvet_volos"),
    ("Йога? Щётка!", "yoga_shchetka"),
    ("Подъезд / этаж", "podezd_etazh"),
    ("Café au lait", "cafe_au_lait"),
    ("Where they heard of us", "where_they_heard_of_us"),
    ("💅", ""),
]


@pytest.mark.parametrize(("label", "key"), LABELS_AND_KEYS)
def test_the_key_suggested_for_a_label_is_transliterated_to_small_latin_letters(label, key):
    assert suggest_key(label) == key


def test_a_suggested_key_is_at_most_fifty_characters():
    assert suggest_key("Щ" * 20) == "shch" * 12 + "sh"


def test_the_page_suggests_the_same_key_as_the_server_while_the_label_is_typed(salon):
    """The Alpine component's slug() on the page, run by Node, against suggest_key."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    page = browser_as(salon).get("/settings/fields/new/").content.decode()
    component = html.unescape(re.search(r'<form[^>]*x-data="([^"]*)"', page, re.S).group(1))
    letters = re.search(r'<script id="key-letters" type="application/json">(.*?)</script>', page)
    labels = [label for label, _key in LABELS_AND_KEYS]
    script = (
        f"const letters = {json.dumps(letters.group(1))};\n"
        "const document = { getElementById: () => ({ textContent: letters }) };\n"
        f"const component = ({component});\n"
        f"console.log(JSON.stringify({json.dumps(labels)}.map((l) => component.slug(l))));"
    )

    # The script is built here from our own page; nothing untrusted reaches the command line.
    done = subprocess.run(  # noqa: S603
        [node, "-e", script], capture_output=True, text=True, timeout=30
    )

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [suggest_key(label) for label in labels]


def test_a_field_left_without_a_key_gets_the_key_made_from_its_label(salon):
    form = {"applies_to": "client", "label": "Аллергия", "key": "", "kind": "text", "sort_order": 0}

    response = browser_as(salon).post("/settings/fields/new/", form, follow=True)

    created = AdditionalField.objects.get(chain=salon.chain)
    assert (created.key, created.label) == ("allergiya", "Аллергия")
    assert "Field “Аллергия” was created." in said(response)


def test_a_label_no_key_can_be_made_from_asks_for_a_key_and_writes_nothing(salon):
    form = {"applies_to": "client", "label": "💅", "key": "", "kind": "text", "sort_order": 0}

    errors = refused_form(browser_as(salon).post("/settings/fields/new/", form))

    assert errors == {
        "key": [
            "No key can be made from this label: type one with small Latin letters, digits, "
            "- and _."
        ]
    }
    assert not AdditionalField.objects.exists()


def test_a_key_taken_by_another_field_of_the_same_kind_of_record_is_refused(salon):
    field(salon, "client", "size")
    before = event_count(salon)
    form = {"applies_to": "client", "label": "Size", "key": "size", "kind": "text", "sort_order": 0}

    errors = refused_form(browser_as(salon).post("/settings/fields/new/", form))

    assert "key" in errors
    assert AdditionalField.objects.count() == 1 and event_count(salon) == before


def test_a_fields_label_choices_and_requirement_are_changed(salon):
    source = field(salon, kind="choice", choices=["Instagram"])

    response = browser_as(salon).post(
        f"/settings/fields/{source.pk}/",
        {
            "label": "Heard of us",
            "choices": "Instagram\nFriends",
            "required": "on",
            "sort_order": 2,
        },
        follow=True,
    )

    source.refresh_from_db()
    assert (source.label, source.choices, source.required, source.sort_order) == (
        "Heard of us",
        ["Instagram", "Friends"],
        True,
        2,
    )
    assert (source.key, source.kind) == ("source", "choice")
    assert "Field “Heard of us” was saved." in said(response)
    event = ChangeEvent.objects.get(chain=salon.chain, action="updated")
    assert event.data == {"fields": ["choices", "label", "required", "sort_order"]}


def test_a_choice_listed_twice_is_refused(salon):
    source = field(salon, kind="choice", choices=["Instagram"])

    errors = refused_form(
        browser_as(salon).post(
            f"/settings/fields/{source.pk}/",
            {"label": "Source", "choices": "Friends\nfriends", "sort_order": 0},
        )
    )

    assert "choices" in errors
    source.refresh_from_db()
    assert source.choices == ["Instagram"]


def test_a_deactivated_field_leaves_the_forms_and_can_come_back(salon):
    source = field(salon)
    owner = browser_as(salon)

    off = owner.post(f"/settings/fields/{source.pk}/active/", {"is_active": "0"}, follow=True)
    left = list(additional_fields(actor=salon.actor(), applies_to="booking"))
    on = owner.post(f"/settings/fields/{source.pk}/active/", {"is_active": "1"}, follow=True)

    assert left == []
    assert "was deactivated" in " ".join(said(off)) and "is back" in " ".join(said(on))
    source.refresh_from_db()
    assert source.is_active
    assert [a for _, _, a in events(salon, "additional_field")] == [
        "created",
        "deactivated",
        "activated",
    ]


def test_a_specialist_has_no_additional_field_settings(salon):
    source = field(salon)
    specialist = browser_as(salon, "specialist")
    form = {"applies_to": "client", "label": "X", "key": "x", "kind": "text", "sort_order": 0}

    forbidden(specialist.get("/settings/fields/"))
    forbidden(specialist.post("/settings/fields/new/", form))
    forbidden(specialist.post(f"/settings/fields/{source.pk}/", {"label": "X", "sort_order": 0}))
    forbidden(specialist.post(f"/settings/fields/{source.pk}/active/", {"is_active": "0"}))
    source.refresh_from_db()
    assert (source.label, source.is_active, AdditionalField.objects.count()) == ("Source", True, 1)


def test_a_field_of_another_chain_is_not_found(salon):
    theirs = field(make_salon(name="Elsewhere"))
    owner = browser_as(salon)

    not_found(owner.get(f"/settings/fields/{theirs.pk}/"))
    not_found(owner.post(f"/settings/fields/{theirs.pk}/", {"label": "Mine", "sort_order": 0}))
    not_found(owner.post(f"/settings/fields/{theirs.pk}/active/", {"is_active": "0"}))
    theirs.refresh_from_db()
    assert (theirs.label, theirs.is_active) == ("Source", True)
