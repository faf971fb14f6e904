"""The Clients tab in the shell, a new card from it, deleting a card, and the client bar of the
visit window, as pages (the tab and the card page themselves: tests/clientbase)."""

from __future__ import annotations

import pytest

from salonbook.accounts.models import Role
from salonbook.clients.models import Client
from salonbook.clients.services import create_client
from tests.pages import HTMX, browser_as
from tests.salon import next_weekday

pytestmark = pytest.mark.django_db


@pytest.fixture
def maria(salon):
    return create_client(actor=salon.actor(), name="Maria Lopez", phone="+12125550101")


def without(salon, role, permission):
    stored = Role.objects.get(chain=salon.chain, key=role)
    stored.permissions = [p for p in stored.permissions if p != permission]
    stored.save()


def card_post(maria, **changes):
    data = {
        "version": maria.version,
        "name": maria.name,
        "phone": maria.phone,
        "email": maria.email,
        "gender": maria.gender,
        "birth_date": "",
        "card_number": "",
        "importance": "",
        "prediscount": "",
        "comment": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_clients_tab_is_in_the_shell_for_who_may_see_clients(salon):
    html = browser_as(salon).get("/schedule/").content.decode()

    assert 'href="/clients/"' in html


def test_a_new_client_is_added_from_the_tab(salon):
    browser = browser_as(salon)

    response = browser.post(
        "/clients/new/",
        card_post(Client(name="", version=1), name="Nina Ray", phone="212 555 0150"),
    )

    created = Client.objects.get(chain=salon.chain, name="Nina Ray")
    assert response.status_code == 302 and response["Location"] == f"/clients/{created.pk}/"
    assert created.phone == "+12125550150"


def test_a_new_client_with_a_phone_in_the_base_is_refused(salon, maria):
    response = browser_as(salon).post(
        "/clients/new/", card_post(Client(name="", version=1), name="Copy", phone="212 555 0101")
    )

    assert response.status_code == 422
    assert "Maria Lopez" in response.content.decode()
    assert not Client.objects.filter(name="Copy").exists()


def test_the_visit_window_offers_call_whatsapp_and_the_client_menu(salon, maria):
    visit = salon.book(start=salon.at(next_weekday(2), "10:00"), client_id=maria.pk)

    html = browser_as(salon).get(f"/bookings/{visit.pk}/", headers=HTMX).content.decode()

    assert 'href="tel:+12125550101"' in html and 'href="https://wa.me/12125550101"' in html
    assert f'href="/clients/{maria.pk}/?booking={visit.pk}"' in html
    assert "Customer details" in html and "History of visits" in html and "Customer loyalty" in html


def test_the_visit_window_has_no_call_buttons_for_a_masked_phone(salon, maria):
    without(salon, "specialist", "clients.view_phone")
    visit = salon.book(start=salon.at(next_weekday(2), "10:00"), client_id=maria.pk)

    html = (
        browser_as(salon, "specialist").get(f"/bookings/{visit.pk}/", headers=HTMX).content.decode()
    )

    assert "tel:" not in html and "wa.me" not in html and "Customer details" in html


def test_a_client_is_deleted_from_the_card_and_leaves_the_list(salon, maria):
    visit = salon.book(start=salon.at(next_weekday(2), "10:00"), client_id=maria.pk)
    browser = browser_as(salon)

    response = browser.post(f"/clients/{maria.pk}/delete/", headers=HTMX)

    assert response.status_code == 204 and response["HX-Redirect"] == "/clients/"
    maria.refresh_from_db()
    assert maria.deleted_at is not None
    assert "Maria Lopez" not in browser.get("/clients/", headers=HTMX).content.decode()
    visit.refresh_from_db()
    assert visit.client_id == maria.pk  # the visit keeps its client


def test_a_role_that_may_not_edit_cannot_delete_a_client(salon, maria):
    response = browser_as(salon, "specialist").post(f"/clients/{maria.pk}/delete/")

    assert response.status_code == 403
    maria.refresh_from_db()
    assert maria.deleted_at is None
