"""The Clients tab and the client card (Customer details with the figures, History of visits,
Customer loyalty), as pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from salonbook.checkout.models import PaymentMethod
from salonbook.checkout.payments import take_payment
from salonbook.clients.services import create_additional_field, create_client, update_client
from salonbook.loyalty.services import create_certificate_type, issue_certificate
from salonbook.visits.services import update_booking
from tests.clients.test_client_pages import card_post, maria, without
from tests.pages import HTMX, browser_as
from tests.salon import make_salon, next_weekday

__all__ = ["maria"]  # the fixture of the client pages' tests, used here too

pytestmark = pytest.mark.django_db


def test_the_clients_tab_lists_and_searches_the_base(salon, maria):
    create_client(actor=salon.actor(), name="Ivan Petrov", phone="+12125550199")
    browser = browser_as(salon)

    page = browser.get("/clients/")
    found = browser.get("/clients/", {"q": "0101"}, headers=HTMX)

    assert page.status_code == 200
    assert "Maria Lopez" in page.content.decode() and "Ivan Petrov" in page.content.decode()
    assert found.status_code == 200
    html = found.content.decode()
    assert 'id="client-list"' in html and "Maria Lopez" in html and "Ivan Petrov" not in html
    assert "<html" not in html  # only the results, for htmx to swap


def test_the_filters_of_the_tab(salon, maria):
    actor = salon.actor()
    create_client(actor=actor, name="Ivan Petrov", phone="+12125550199", importance="gold")
    update_client(actor=actor, client_id=maria.pk, birth_date=date(1990, date.today().month, 1))
    browser = browser_as(salon)

    gold = browser.get("/clients/", {"importance": "gold"}, headers=HTMX).content.decode()
    none = browser.get("/clients/", {"importance": "none"}, headers=HTMX).content.decode()
    birthday = browser.get("/clients/", {"birthday": "1"}, headers=HTMX).content.decode()
    owing = browser.get("/clients/", {"has_balance": "1"}, headers=HTMX).content.decode()

    assert "Ivan Petrov" in gold and "Maria Lopez" not in gold
    assert "Maria Lopez" in none and "Ivan Petrov" not in none
    assert "Maria Lopez" in birthday and "Ivan Petrov" not in birthday
    assert "No client matches" in owing
    visit = salon.book(start=salon.at(next_weekday(2), "10:00"), client_id=maria.pk)
    update_booking(actor=actor, booking_id=visit.pk, status="arrived")
    owing = browser.get("/clients/", {"has_balance": "1"}, headers=HTMX).content.decode()
    assert "Maria Lopez" in owing and "Ivan Petrov" not in owing


def test_phones_are_masked_in_the_tab_without_the_right(salon, maria):
    without(salon, "specialist", "clients.view_phone")

    html = browser_as(salon, "specialist").get("/clients/").content.decode()

    assert "+1 ********01" in html and "555" not in html


def test_a_role_without_clients_view_is_refused_the_tab(salon):
    without(salon, "specialist", "clients.view")

    response = browser_as(salon, "specialist").get("/clients/")

    assert response.status_code == 403


def test_the_card_shows_the_figures_and_the_details(salon, maria):
    visit = salon.book(start=salon.at(next_weekday(2), "10:00"), client_id=maria.pk)
    method = PaymentMethod.objects.get(chain=salon.chain, kind="cash").pk
    take_payment(actor=salon.actor(), booking_id=visit.pk, method_id=method, amount=Decimal("25"))

    html = browser_as(salon).get(f"/clients/{maria.pk}/").content.decode()

    assert 'data-figure="visits">1<' in html
    assert 'data-figure="sold">$40.00<' in html
    assert 'data-figure="paid">$25.00<' in html
    assert 'data-figure="balance" class="owes">$15.00<' in html
    assert 'name="name"' in html and 'value="Maria Lopez"' in html
    assert 'href="tel:+12125550101"' in html and 'href="https://wa.me/12125550101"' in html


def test_customer_details_are_saved_from_the_card(salon, maria):
    create_additional_field(
        actor=salon.actor(), applies_to="client", key="allergy", label="Allergy"
    )
    data = card_post(
        maria,
        name="Maria López",
        gender="female",
        birth_date="1990-05-17",
        card_number="0042",
        importance="silver",
        prediscount="5",
        comment="Prefers mornings",
        sms_birthday="on",
        sms_excluded="on",
        field_allergy="Latex",
    )

    response = browser_as(salon).post(f"/clients/{maria.pk}/", data)

    assert response.status_code == 302
    maria.refresh_from_db()
    assert (maria.name, maria.gender, maria.birth_date) == (
        "Maria López",
        "female",
        date(1990, 5, 17),
    )
    assert (maria.card_number, maria.importance, maria.prediscount) == (
        "0042",
        "silver",
        Decimal("5.00"),
    )
    assert maria.sms_birthday and maria.sms_excluded
    assert maria.field_values == {"allergy": "Latex"}
    assert maria.phone == "+12125550101" and maria.version == 2


def test_the_sms_flags_can_be_turned_off_again(salon, maria):
    update_client(actor=salon.actor(), client_id=maria.pk, sms_birthday=True, sms_excluded=True)
    maria.refresh_from_db()

    browser_as(salon).post(f"/clients/{maria.pk}/", card_post(maria))

    maria.refresh_from_db()
    assert not maria.sms_birthday and not maria.sms_excluded


def test_a_bad_date_of_birth_is_shown_on_the_form_and_nothing_is_saved(salon, maria):
    response = browser_as(salon).post(
        f"/clients/{maria.pk}/", card_post(maria, name="Changed", birth_date="2999-01-01")
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert "Enter a date of birth between" in html and 'value="Changed"' in html
    maria.refresh_from_db()
    assert maria.name == "Maria Lopez" and maria.birth_date is None


def test_a_phone_of_another_client_is_refused_on_the_card_page(salon, maria):
    other = create_client(actor=salon.actor(), name="Ann Lee", phone="+12125550102")

    response = browser_as(salon).post(f"/clients/{other.pk}/", card_post(other, phone="2125550101"))

    assert response.status_code == 422
    assert "Maria Lopez" in response.content.decode()


def test_a_card_changed_meanwhile_is_not_overwritten(salon, maria):
    stale = card_post(maria, name="Typed over")
    update_client(actor=salon.actor(), client_id=maria.pk, comment="Someone else's note")

    response = browser_as(salon).post(f"/clients/{maria.pk}/", stale)

    assert response.status_code == 422
    maria.refresh_from_db()
    assert maria.name == "Maria Lopez" and maria.comment == "Someone else's note"


def test_without_the_right_to_see_phones_the_card_neither_shows_nor_changes_the_phone(salon, maria):
    without(salon, "administrator", "clients.view_phone")
    browser = browser_as(salon, "administrator")

    html = browser.get(f"/clients/{maria.pk}/").content.decode()
    response = browser.post(
        f"/clients/{maria.pk}/", card_post(maria, phone="+12125550777", name="M. Lopez")
    )

    assert 'name="phone"' not in html and "+1 ********01" in html and "tel:" not in html
    assert response.status_code == 302
    maria.refresh_from_db()
    assert maria.phone == "+12125550101" and maria.name == "M. Lopez"


def test_a_role_that_may_not_edit_sees_the_card_read_only_and_cannot_post(salon, maria):
    browser = browser_as(salon, "specialist")  # may see clients, not edit them

    html = browser.get(f"/clients/{maria.pk}/").content.decode()
    response = browser.post(f"/clients/{maria.pk}/", card_post(maria, name="Nope"))

    assert '<fieldset class="plain" disabled>' in html
    assert response.status_code == 403
    maria.refresh_from_db()
    assert maria.name == "Maria Lopez"


def test_another_chains_card_is_not_found(salon):
    other = make_salon(name="Other")
    stranger = create_client(actor=other.actor(), name="Stranger", phone="+12125550555")

    assert browser_as(salon).get(f"/clients/{stranger.pk}/").status_code == 404


def test_the_history_tab_lists_the_visits_with_links_to_them(salon, maria):
    visit = salon.book(start=salon.at(next_weekday(2), "10:00"), client_id=maria.pk)

    html = browser_as(salon).get(f"/clients/{maria.pk}/history/", headers=HTMX).content.decode()

    assert f'href="/bookings/{visit.pk}/"' in html
    assert "Haircut" in html and "Stylist 1" in html and "$40.00" in html and "Expected" in html


def test_the_history_tab_says_when_there_are_no_visits(salon, maria):
    html = browser_as(salon).get(f"/clients/{maria.pk}/history/", headers=HTMX).content.decode()

    assert "No visits yet." in html


def test_the_loyalty_tab_lists_the_clients_gift_cards_with_their_balance(salon, maria):
    actor = salon.actor()
    kind = create_certificate_type(
        actor=actor,
        kind="gift_card",
        name="Gift 100",
        price=Decimal("90"),
        face_value=Decimal("100"),
    )
    issue_certificate(actor=actor, type_id=kind.pk, code="GIFT-ABC-123", client_id=maria.pk)

    html = browser_as(salon).get(f"/clients/{maria.pk}/loyalty/", headers=HTMX).content.decode()

    assert "Gift 100" in html and "$100.00" in html and "GIFTABC123" in html


def test_the_loyalty_tab_says_when_the_client_holds_nothing(salon, maria):
    html = browser_as(salon).get(f"/clients/{maria.pk}/loyalty/", headers=HTMX).content.decode()

    assert "holds no membership or gift card" in html


def test_the_card_opened_from_a_booking_leads_back_to_it(salon, maria):
    visit = salon.book(start=salon.at(next_weekday(2), "10:00"), client_id=maria.pk)

    html = (
        browser_as(salon)
        .get(f"/clients/{maria.pk}/?booking={visit.pk}&tab=history")
        .content.decode()
    )

    assert f'href="/bookings/{visit.pk}/"' in html and "Back to the booking" in html
    assert "tab: 'history'" in html


def test_the_history_shows_what_is_due_on_a_visit_that_happened(salon, maria):
    visit = salon.book(start=salon.at(next_weekday(2), "10:00"), client_id=maria.pk)
    to_come = salon.book(start=salon.at(next_weekday(2), "12:00"), client_id=maria.pk)
    update_booking(actor=salon.actor(), booking_id=visit.pk, status="arrived")

    html = browser_as(salon).get(f"/clients/{maria.pk}/history/", headers=HTMX).content.decode()

    def row(booking):
        return html.split(f'data-booking-id="{booking.pk}"')[1].split("</li>")[0]

    assert "due" in row(visit) and "$40.00" in row(visit)
    assert "due" not in row(to_come)


def test_a_nul_in_the_search_is_no_error(salon, maria):
    response = browser_as(salon).get("/clients/", {"q": "Ma\x00ria"}, headers=HTMX)

    assert response.status_code == 200


def test_saving_the_card_unchanged_makes_no_new_version(salon, maria):
    create_additional_field(
        actor=salon.actor(), applies_to="client", key="vip", label="VIP", kind="yes_no"
    )
    update_client(actor=salon.actor(), client_id=maria.pk, comment="Line one\nLine two")
    maria.refresh_from_db()

    response = browser_as(salon).post(
        f"/clients/{maria.pk}/",
        card_post(maria, phone="(212) 555-0101", comment="Line one\r\nLine two"),
    )

    assert response.status_code == 302
    maria.refresh_from_db()
    assert maria.version == 2  # the comment's own change, nothing more


def test_the_tab_and_the_card_start_the_live_stream_where_their_data_ends(salon, maria):
    from salonbook.sync.models import ChangeEvent

    latest = ChangeEvent.objects.filter(chain=salon.chain).order_by("-pk").first().pk
    browser = browser_as(salon)

    assert f'data-cursor="{latest}"' in browser.get("/clients/").content.decode()
    card = browser.get(f"/clients/{maria.pk}/").content.decode()
    assert f'data-cursor="{latest}"' in card and 'data-version="1"' in card
