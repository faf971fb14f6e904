"""Who is calling: /auth/me, API tokens, Bearer authentication and its refusals."""

from __future__ import annotations

import pytest
from django.test import Client

from salonbook.accounts.models import ApiToken, Membership
from salonbook.accounts.permissions import DEFAULT_ROLES
from tests.conftest import ApiClient
from tests.helpers_api import not_found, problem
from tests.salon import make_salon

pytestmark = pytest.mark.django_db


def bearer(token: str, **client_kwargs) -> ApiClient:
    """An API client that sends only the token: no session cookie."""
    client = ApiClient(Client(**client_kwargs))
    original = client._call

    def _call(method, path, body=None, headers=None, **params):
        return original(
            method, path, body, {"Authorization": f"Bearer {token}", **(headers or {})}, **params
        )

    client._call = _call  # type: ignore[method-assign]
    return client


def issue(api, name="Integration"):
    response = api.post("/auth/tokens", {"name": name})
    assert response.status_code == 201, response.content
    return response.json()


def unauthenticated(response):
    body = problem(response, 401)
    assert response["WWW-Authenticate"] == "Bearer"
    return body


# --- /auth/me ---------------------------------------------------------------------------


def test_me_describes_the_owner_and_their_chain(salon, api):
    me = api.get("/auth/me").json()

    assert me == {
        "user_id": salon.owner.pk,
        "email": salon.owner.email,
        "chain_id": salon.chain.pk,
        "chain_name": "Test Salon",
        "currency": "USD",
        "role": "owner",
        "permissions": sorted(DEFAULT_ROLES["owner"][1]),
        "staff_member_id": None,
    }


def test_me_of_a_specialist_names_their_staff_card_and_narrow_rights(salon, login_as):
    me = login_as("specialist").get("/auth/me").json()

    assert (me["role"], me["staff_member_id"]) == ("specialist", salon.staff[0].pk)
    assert me["permissions"] == sorted(DEFAULT_ROLES["specialist"][1])
    assert "locations.manage" not in me["permissions"]


def test_me_follows_the_x_chain_header_among_the_users_chains(salon, login_as):
    second = make_salon(name="Second")
    Membership.objects.create(
        user=salon.owner, chain=second.chain, role=second.chain.roles.get(key="administrator")
    )
    api = login_as("owner")

    assert api.get("/auth/me").json()["chain_id"] == salon.chain.pk
    there = api.get("/auth/me", headers={"X-Chain": str(second.chain.pk)}).json()
    assert (there["chain_id"], there["role"]) == (second.chain.pk, "administrator")


def test_x_chain_naming_a_chain_the_user_is_not_in_is_not_let_in(salon, api):
    other = make_salon(name="Elsewhere")

    unauthenticated(api.get("/auth/me", headers={"X-Chain": str(other.chain.pk)}))
    unauthenticated(
        api.get(f"/locations/{other.location.pk}", headers={"X-Chain": str(other.chain.pk)})
    )


# --- tokens -----------------------------------------------------------------------------


def test_a_token_is_shown_once_and_only_its_hash_is_stored(salon, api):
    first = issue(api)
    second = issue(api)

    assert first["token"].startswith("sb_") and len(first["token"]) > 30
    assert first["prefix"] == first["token"][:10]
    assert first["name"] == "Integration"
    assert first["token"] != second["token"]
    stored = ApiToken.objects.get(pk=first["id"])
    assert first["token"] not in {stored.key_hash, stored.prefix, stored.name}
    assert stored.membership.user == salon.owner


def test_a_bearer_token_authenticates_without_a_session(salon, api):
    token = issue(api)["token"]
    client = bearer(token)

    me = client.get("/auth/me")

    assert me.status_code == 200, me.content
    assert (me.json()["user_id"], me.json()["chain_id"]) == (salon.owner.pk, salon.chain.pk)
    assert "sessionid" not in client.client.cookies
    assert ApiToken.objects.get().last_used_at is not None


def test_a_bearer_token_may_write_without_a_csrf_token(salon, api):
    token = issue(api)["token"]

    response = bearer(token, enforce_csrf_checks=True).post(
        "/locations", {"name": "Via token", "time_zone": "Europe/Paris"}
    )

    assert response.status_code == 201, response.content


def test_a_token_carries_its_owners_role(salon, login_as):
    token = issue(login_as("specialist"))["token"]
    client = bearer(token)

    assert client.get("/auth/me").json()["role"] == "specialist"
    assert client.post("/locations", {"name": "X", "time_zone": "UTC"}).status_code == 403


def test_a_revoked_token_is_refused(salon, api):
    issued = issue(api)

    assert api.delete(f"/auth/tokens/{issued['id']}").status_code == 204

    unauthenticated(bearer(issued["token"]).get("/auth/me"))
    not_found(api.delete(f"/auth/tokens/{issued['id']}"))


def test_a_token_can_revoke_itself(salon, api):
    issued = issue(api)
    client = bearer(issued["token"])

    assert client.delete(f"/auth/tokens/{issued['id']}").status_code == 204
    unauthenticated(client.get("/auth/me"))


def test_someone_elses_token_cannot_be_revoked(salon, api, login_as):
    issued = issue(login_as("administrator"))

    not_found(api.delete(f"/auth/tokens/{issued['id']}"))
    assert bearer(issued["token"]).get("/auth/me").status_code == 200


def test_a_token_of_a_deactivated_membership_is_refused(salon, login_as):
    token = issue(login_as("administrator"))["token"]
    Membership.objects.filter(user=salon.users["administrator"]).update(is_active=False)

    unauthenticated(bearer(token).get("/auth/me"))


@pytest.mark.parametrize("token", ["garbage", "sb_" + "x" * 43, ""])
def test_a_garbage_token_is_refused(salon, token):
    unauthenticated(bearer(token).get("/auth/me"))


def test_a_token_with_another_scheme_is_refused(salon, api):
    token = issue(api)["token"]
    client = ApiClient(Client())

    unauthenticated(client.get("/auth/me", headers={"Authorization": f"Token {token}"}))


def test_no_authentication_at_all_is_refused_as_problem_json(salon):
    client = ApiClient(Client())

    body = unauthenticated(client.get("/auth/me"))
    assert body["title"] == "Not logged in"
    unauthenticated(client.post("/auth/tokens", {"name": "sneaky"}))
    unauthenticated(client.get("/clients"))
    assert not ApiToken.objects.exists()


def test_a_too_long_token_name_is_refused(salon, api):
    response = api.post("/auth/tokens", {"name": "x" * 101})

    assert problem(response, 422)["errors"]["name"]
    assert not ApiToken.objects.exists()
