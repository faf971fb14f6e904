"""The settings hub: each person sees the sections their role lets them open."""

from __future__ import annotations

import pytest

from tests.settings_pages import browser

pytestmark = pytest.mark.django_db

ALL_SECTIONS = [
    "/settings/staff/",
    "/settings/services/",
    "/settings/hours/",
    "/settings/booking-categories/",
    "/settings/fields/",
]


def test_an_owner_sees_every_settings_section(salon):
    page = browser(salon).get("/settings/")

    assert page.status_code == 200
    for url in ALL_SECTIONS:
        assert f'href="{url}"' in page.content.decode(), url


def test_a_specialist_sees_staff_services_and_hours_but_not_the_salon_wide_settings(salon):
    page = browser(salon, "specialist").get("/settings/").content.decode()

    for url in ALL_SECTIONS[:3]:
        assert f'href="{url}"' in page
    for url in ALL_SECTIONS[3:]:
        assert f'href="{url}"' not in page


def test_every_section_of_the_hub_opens_for_the_owner(salon):
    owner = browser(salon)

    for url in ALL_SECTIONS:
        assert owner.get(url).status_code == 200, url


def test_the_settings_need_a_login(client):
    response = client.get("/settings/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
