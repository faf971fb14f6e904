"""The app shell: logging in and out, picking a location, the language, the manifest."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from salonbook.accounts.models import User
from salonbook.chains.services import create_location
from tests.pages import HTMX, browser_as
from tests.salon import PASSWORD, make_salon, make_user

pytestmark = pytest.mark.django_db


def test_a_visitor_who_is_not_logged_in_is_sent_to_the_login_page(salon):
    response = Client().get("/schedule/")

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/schedule/"


def test_an_htmx_request_without_a_session_asks_the_page_to_go_to_the_login(salon):
    response = Client().get("/bookings/new/", headers=HTMX)

    assert response.status_code == 401
    assert response["HX-Redirect"].startswith("/login/")


def test_logging_in_with_e_mail_and_password_lands_on_the_schedule(salon):
    client = Client()
    page = client.get("/login/")
    assert page.status_code == 200
    assert 'name="username"' in page.content.decode() and 'type="email"' in page.content.decode()

    response = client.post("/login/", {"username": salon.owner.email, "password": PASSWORD})

    assert response.status_code == 302
    landing = client.get(response["Location"], follow=True)
    assert landing.redirect_chain[-1][0] == "/schedule/"
    assert landing.status_code == 200


def test_a_wrong_password_shows_the_form_again_with_a_message(salon):
    response = Client().post("/login/", {"username": salon.owner.email, "password": "nope"})

    assert response.status_code == 200
    assert "alert error" in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session


def test_with_several_locations_the_user_picks_one_before_the_schedule(salon):
    other = create_location(actor=salon.actor(), name="Uptown", time_zone="America/Chicago")
    client = Client()
    response = client.post(
        "/login/", {"username": salon.owner.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith("/locations/")
    assert "Uptown" in response.content.decode()

    chosen = client.post("/locations/", {"location_id": other.pk})

    assert chosen.status_code == 302 and chosen["Location"] == "/schedule/"
    assert client.session["location_id"] == other.pk
    assert "Uptown" in client.get("/schedule/").content.decode()


def test_a_location_of_another_chain_cannot_be_picked(salon):
    stranger = create_location(
        actor=make_salon(name="Other").actor(), name="Elsewhere", time_zone="UTC"
    )
    client = browser_as(salon)

    response = client.post("/locations/", {"location_id": stranger.pk})

    assert response.status_code == 422
    assert "location_id" not in client.session


def test_the_language_choice_is_saved_on_the_user_and_used_on_every_page(salon):
    client = browser_as(salon)

    response = client.post("/language/", {"language": "ru", "next": "/schedule/"})

    assert response.status_code == 302 and response["Location"] == "/schedule/"
    assert User.objects.get(pk=salon.owner.pk).language == "ru"
    # Another device of the same user, without the cookie, speaks Russian too.
    assert '<html lang="ru">' in browser_as(salon).get("/schedule/").content.decode()


def test_an_unknown_language_is_refused(salon):
    response = browser_as(salon).post("/language/", {"language": "xx"})

    assert response.status_code == 422
    assert User.objects.get(pk=salon.owner.pk).language == ""


def test_a_user_outside_any_salon_is_told_so(db):
    client = Client()
    client.force_login(make_user())

    response = client.get("/schedule/")

    assert response.status_code == 403
    assert "not part of any salon" in response.content.decode()


def test_the_manifest_lets_a_phone_add_the_app_to_its_home_screen(client):
    response = client.get("/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/schedule/"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    static = Path(__file__).resolve().parents[2] / "src/salonbook/web/static"
    for icon in manifest["icons"]:
        data = (static / icon["src"].removeprefix("/static/")).read_bytes()
        assert data.startswith(b"\x89PNG")
        width, height = int.from_bytes(data[16:20]), int.from_bytes(data[20:24])
        assert f"{width}x{height}" == icon["sizes"]


def test_pages_load_nothing_from_another_host(salon):
    html = browser_as(salon).get("/schedule/").content.decode()

    for attribute in ("src=", "href="):
        for part in html.split(attribute)[1:]:
            url = part[1:].split(part[0])[0]
            assert not url.startswith(("http:", "https:", "//")), url


def test_logging_out_ends_the_session(salon):
    client = browser_as(salon)

    response = client.post("/logout/")

    assert response.status_code == 302
    assert client.get("/schedule/").status_code == 302


def test_a_refusal_that_escapes_a_page_view_is_a_page_saying_why(salon):
    from django.test import RequestFactory

    from salonbook.errors import Conflict
    from salonbook.web.pages import page

    @page
    def view(request):
        raise Conflict("The file of this import is no longer kept.")

    request = RequestFactory().get("/anything/")
    request.user = salon.owner
    request.session = {}

    response = view(request)

    assert response.status_code == 409
    assert "The file of this import is no longer kept." in response.content.decode()
