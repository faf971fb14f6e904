"""Membership and gift card types, certificates and fresh codes through the API."""

from __future__ import annotations

from decimal import Decimal

import pytest

from salonbook.clients.services import create_client
from salonbook.loyalty.codes import GENERATED_LENGTH, code_problem
from salonbook.loyalty.models import CertificateType
from salonbook.loyalty.services import void_certificate
from tests.helpers_api import (
    change_count,
    field_errors,
    not_allowed,
    not_found,
    problem,
    refused_for_field,
)
from tests.loyalty.cards import gift_card_type, membership_type, sell, take
from tests.salon import make_salon

pytestmark = pytest.mark.django_db


def membership_body(**extra):
    return {"kind": "membership", "name": "10 visits", "price": "350.00", "visits": 10, **extra}


def gift_card_body(**extra):
    body = {"kind": "gift_card", "name": "Gift card 100", "price": "90", "face_value": "100"}
    return {**body, **extra}


# --- types -----------------------------------------------------------------------------------


def test_a_membership_and_a_gift_card_type_are_created_and_read_back(salon, api):
    haircut = salon.services[0]

    membership = api.post(
        "/certificate-types", membership_body(service_ids=[haircut.pk], validity_days=365)
    )
    gift_card = api.post("/certificate-types", gift_card_body())

    assert membership.status_code == 201, membership.content
    assert membership["ETag"] == '"1"'
    body = membership.json()
    assert {k: body[k] for k in ("kind", "visits", "face_value", "service_ids")} == {
        "kind": "membership",
        "visits": 10,
        "face_value": None,
        "service_ids": [haircut.pk],
    }
    assert gift_card.status_code == 201, gift_card.content
    assert (gift_card.json()["price"], gift_card.json()["face_value"]) == ("90.00", "100.00")
    got = api.get(f"/certificate-types/{body['id']}")
    assert got.status_code == 200 and got["ETag"] == '"1"' and got.json() == body


def test_types_are_listed_and_filtered_by_kind_and_sale(salon, api):
    membership_type(salon)
    gift_card_type(salon)
    gone = gift_card_type(salon, name="Old card")
    api.patch(f"/certificate-types/{gone.pk}", {"is_active": False})

    def names(**params):
        response = api.get("/certificate-types", **params)
        assert response.status_code == 200, response.content
        return sorted(t["name"] for t in response.json())

    assert names() == ["10 visits", "Gift card 100", "Old card"]
    assert names(kind="gift_card") == ["Gift card 100", "Old card"]
    assert names(kind="gift_card", active="true") == ["Gift card 100"]
    assert names(active="false") == ["Old card"]
    refused_for_field(api.get("/certificate-types", kind="voucher"), "kind")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (gift_card_body(face_value=None), "face_value"),
        (gift_card_body(visits=3), "visits"),
        (membership_body(visits=None), "visits"),
        (membership_body(visits=0), "visits"),
        (membership_body(face_value="10"), "face_value"),
        (membership_body(price="-1"), "price"),
        (membership_body(price="1.234"), "price"),
        (membership_body(validity_days=0), "validity_days"),
        (membership_body(service_ids=[999_999]), "service_ids"),
        (gift_card_body(service_ids=[1]), "service_ids"),
        (membership_body(kind="voucher"), "kind"),
        (membership_body(name=""), "name"),
    ],
)
def test_a_type_with_bad_terms_gets_a_422_naming_the_field(salon, api, body, field):
    before = change_count(salon.chain.pk)

    refused_for_field(api.post("/certificate-types", body), field)

    assert not CertificateType.objects.exists() and change_count(salon.chain.pk) == before


def test_a_type_is_patched_with_if_match_and_a_stale_one_gets_412(salon, api):
    membership = membership_type(salon)

    changed = api.patch(
        f"/certificate-types/{membership.pk}",
        {"visits": 12, "validity_days": None},
        headers={"If-Match": '"1"'},
    )
    stale = api.patch(
        f"/certificate-types/{membership.pk}", {"price": "1.00"}, headers={"If-Match": '"1"'}
    )

    assert changed.status_code == 200, changed.content
    assert changed["ETag"] == '"2"' and changed.json()["validity_days"] is None
    assert problem(stale, 412)["current_version"] == 2
    membership.refresh_from_db()
    assert (membership.visits, membership.price) == (12, Decimal("350.00"))


def test_the_kind_of_a_type_cannot_be_patched(salon, api):
    gift_card = gift_card_type(salon)

    response = api.patch(f"/certificate-types/{gift_card.pk}", {"kind": "membership"})

    # Not a field of the patch: ignored by the schema, so nothing changes.
    assert response.status_code == 200 and response.json()["kind"] == "gift_card"
    refused_for_field(
        api.patch(f"/certificate-types/{gift_card.pk}", {"face_value": None}), "face_value"
    )


def test_another_chains_types_are_invisible_and_untouchable(salon, login_as):
    theirs = gift_card_type(make_salon(name="Elsewhere"))
    api = login_as("owner")

    assert api.get("/certificate-types").json() == []
    not_found(api.get(f"/certificate-types/{theirs.pk}"))
    not_found(api.patch(f"/certificate-types/{theirs.pk}", {"name": "Mine"}))
    theirs.refresh_from_db()
    assert theirs.name == "Gift card 100"


def test_a_specialist_reads_types_but_may_not_create_or_change_them(salon, login_as):
    gift_card = gift_card_type(salon)
    specialist = login_as("specialist")

    assert specialist.get("/certificate-types").status_code == 200
    assert specialist.get(f"/certificate-types/{gift_card.pk}").status_code == 200
    not_allowed(specialist.post("/certificate-types", membership_body()))
    not_allowed(specialist.patch(f"/certificate-types/{gift_card.pk}", {"name": "Mine"}))
    assert CertificateType.objects.count() == 1


# --- certificates ----------------------------------------------------------------------------


def test_certificates_are_found_by_client_and_by_code_typed_any_way(salon, api):
    client = create_client(actor=salon.actor(), name="Ann", phone="+12125550123")
    gift = sell(salon, gift_card_type(salon), code="GIFT-0001", client_id=client.pk)
    visits = sell(salon, membership_type(salon), client_id=client.pk)
    sell(salon, gift_card_type(salon, name="Other"))
    take(visits, visits=2)

    by_client = api.get("/certificates", client_id=client.pk)
    by_code = api.get("/certificates", code="gift-0001")

    assert by_client.status_code == 200, by_client.content
    found = {c["id"]: c for c in by_client.json()}
    assert set(found) == {gift.pk, visits.pk}
    assert (found[gift.pk]["balance"], found[gift.pk]["visits_left"]) == ("100.00", None)
    assert (found[visits.pk]["balance"], found[visits.pk]["visits_left"]) == (None, 8)
    assert found[gift.pk]["kind"] == "gift_card" and found[gift.pk]["status"] == "active"
    assert [c["id"] for c in by_code.json()] == [gift.pk]
    assert api.get("/certificates", code="NOPE1234").json() == []


def test_one_certificate_comes_with_its_balance_and_ledger(salon, api):
    card = sell(salon, gift_card_type(salon), source="sale_line", source_id=5)
    take(card, amount="30")

    response = api.get(f"/certificates/{card.pk}")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["balance"] == "70.00" and body["is_expired"] is False
    assert [(e["kind"], e["amount"], e["visits"]) for e in body["entries"]] == [
        ("issued", "100.00", 0),
        ("redeemed", "-30.00", 0),
    ]
    assert (body["source"], body["source_id"], body["entries"][0]["source_id"]) == (
        "sale_line",
        5,
        5,
    )


def test_a_void_certificate_shows_as_void_with_nothing_left(salon, api):
    card = sell(salon, membership_type(salon))
    void_certificate(actor=salon.actor(), certificate_id=card.pk)

    body = api.get(f"/certificates/{card.pk}").json()

    assert (body["status"], body["visits_left"], body["version"]) == ("void", 0, 2)
    assert [e["kind"] for e in body["entries"]] == ["issued", "voided"]


def test_another_chains_certificates_are_not_found(salon, login_as):
    other = make_salon(name="Elsewhere")
    theirs = sell(other, gift_card_type(other), code="THEIRS01")
    api = login_as("owner")

    not_found(api.get(f"/certificates/{theirs.pk}"))
    assert api.get("/certificates", code="THEIRS01").json() == []


def test_a_role_without_the_loyalty_rights_may_not_read_certificates(salon, login_as):
    from salonbook.accounts.models import Role

    card = sell(salon, gift_card_type(salon))
    role = Role.objects.get(chain=salon.chain, key="specialist")
    role.permissions = ["bookings.view"]
    role.save()
    specialist = login_as("specialist")

    not_allowed(specialist.get("/certificates"))
    not_allowed(specialist.get(f"/certificates/{card.pk}"))
    not_allowed(specialist.get("/certificate-types"))


def test_bad_filters_get_a_422(salon, api):
    field_errors(api.get("/certificates", client_id="x"))
    field_errors(api.get("/certificates", client_id=2**64))


# --- codes -----------------------------------------------------------------------------------


def test_a_fresh_code_is_given_to_who_may_sell_and_refused_to_others(salon, login_as):
    sell(salon, gift_card_type(salon))
    before = change_count(salon.chain.pk)

    response = login_as("administrator").post("/certificates/codes")

    assert response.status_code == 200, response.content
    code = response.json()["code"]
    assert len(code) == GENERATED_LENGTH and code_problem(code) is None
    assert change_count(salon.chain.pk) == before  # nothing is reserved or recorded
    not_allowed(login_as("specialist").post("/certificates/codes"))


def test_the_openapi_document_lists_the_loyalty_operations(salon, api):
    paths = api.get("/openapi.json").json()["paths"]

    assert {"get", "post"} <= set(paths["/api/v1/certificate-types"])
    assert {"get", "patch"} <= set(paths["/api/v1/certificate-types/{type_id}"])
    assert "get" in paths["/api/v1/certificates"]
    assert "get" in paths["/api/v1/certificates/{certificate_id}"]
    assert "post" in paths["/api/v1/certificates/codes"]


def test_who_does_not_manage_gift_cards_sees_codes_masked_and_cannot_look_one_up(salon, login_as):
    card = sell(salon, gift_card_type(salon), code="WHOLE4U9")
    specialist = login_as("specialist")

    listed = specialist.get("/certificates").json()
    one = specialist.get(f"/certificates/{card.pk}").json()

    assert [c["code"] for c in listed] == ["…E4U9"] and one["code"] == "…E4U9"
    not_allowed(specialist.get("/certificates", code="WHOLE4U9"))
    assert login_as("owner").get(f"/certificates/{card.pk}").json()["code"] == "WHOLE4U9"
