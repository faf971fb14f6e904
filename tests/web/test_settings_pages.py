"""The settings hub: each person sees the sections their role lets them open, and the
Settings tab shows exactly when there is one."""

from __future__ import annotations

import re

import pytest

from salonbook.accounts.models import Role
from salonbook.catalog.forms import CategoryForm, ServiceForm
from salonbook.clients.settings_views import EditFieldForm, NewFieldForm
from salonbook.staff.forms import StaffForm
from tests.pages import browser_as

pytestmark = pytest.mark.django_db

ALL_SECTIONS = [
    "/settings/staff/",
    "/settings/services/",
    "/settings/hours/",
    "/settings/booking-categories/",
    "/settings/fields/",
]


def test_an_owner_sees_every_settings_section(salon):
    page = browser_as(salon).get("/settings/")

    assert page.status_code == 200
    for url in ALL_SECTIONS:
        assert f'href="{url}"' in page.content.decode(), url


def test_a_specialist_sees_staff_services_and_hours_but_not_the_salon_wide_settings(salon):
    page = browser_as(salon, "specialist").get("/settings/").content.decode()

    for url in ALL_SECTIONS[:3]:
        assert f'href="{url}"' in page
    for url in ALL_SECTIONS[3:]:
        assert f'href="{url}"' not in page


def test_every_section_of_the_hub_opens_for_the_owner(salon):
    owner = browser_as(salon)

    for url in ALL_SECTIONS:
        assert owner.get(url).status_code == 200, url


def tabs(response):
    """The links of the app shell's tab bar on a page."""
    page = response.content.decode()
    bar = page[page.index('<nav class="tabbar"') :]
    return re.findall(r'<a href="([^"]+)"', bar[: bar.index("</nav>")])


def hub_links(response):
    return re.findall(r'class="hub-item card" href="([^"]+)"', response.content.decode())


@pytest.mark.parametrize(
    ("permissions", "hub"),
    [
        (["bookings.view", "schedules.view"], []),
        (["bookings.view"], []),
        (["bookings.view", "staff.view"], ["/settings/staff/"]),
        (["staff.view", "schedules.view"], ["/settings/staff/", "/settings/hours/"]),
        (["services.view"], ["/settings/services/"]),
        (["settings.manage"], ["/settings/booking-categories/", "/settings/fields/"]),
    ],
)
def test_the_settings_tab_shows_exactly_when_the_hub_has_a_section_to_open(salon, permissions, hub):
    role = Role.objects.get(chain=salon.chain, key="specialist")
    role.permissions = permissions
    role.save()

    response = browser_as(salon, "specialist").get("/settings/")

    assert hub_links(response) == hub
    assert ("/settings/" in tabs(response)) == bool(hub)
    assert ("/schedule/" in tabs(response)) == ("bookings.view" in permissions)
    if not hub:
        assert "Your role has no settings to see." in response.content.decode()


@pytest.mark.parametrize("url", ["/settings/", *ALL_SECTIONS])
def test_the_settings_pages_keep_the_app_shells_tabs(salon, url):
    assert tabs(browser_as(salon).get(url)) == ["/schedule/", "/clients/", "/settings/"]


def test_every_sort_order_in_the_settings_is_the_same_input():
    fields = [
        ServiceForm(categories=[]).fields["sort_order"],
        CategoryForm().fields["sort_order"],
        StaffForm(locations=[], positions=[]).fields["sort_order"],
        NewFieldForm().fields["sort_order"],
        EditFieldForm().fields["sort_order"],
    ]

    shapes = {
        (f.label, f.initial, f.min_value, f.max_value, f.widget.attrs["inputmode"]) for f in fields
    }
    assert shapes == {("Sort order", 0, -1_000_000, 1_000_000, "numeric")}
    assert {str(f.help_text) for f in fields} == {
        "Smaller numbers come first.",
        "Smaller numbers come first in the calendar.",
        "Smaller numbers come first in the form.",
    }


def test_the_settings_need_a_login(client):
    response = client.get("/settings/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
