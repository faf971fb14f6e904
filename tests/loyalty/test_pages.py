"""The "Memberships and gift cards" settings pages: the list, a new type, a type's card."""

from __future__ import annotations

from decimal import Decimal

import pytest

from salonbook.accounts.models import Role
from salonbook.catalog.services import update_service
from salonbook.loyalty.models import CertificateType
from salonbook.loyalty.services import update_certificate_type
from tests.loyalty.cards import gift_card_type, membership_type
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

URL = "/settings/loyalty/"


def type_form(certificate_type: CertificateType, **changes):
    data = {
        "name": certificate_type.name,
        "price": str(certificate_type.price),
        "face_value": str(certificate_type.face_value or ""),
        "visits": certificate_type.visits or "",
        "service_ids": [s.pk for s in certificate_type.services.all()],
        "validity_days": certificate_type.validity_days or "",
        "is_active": "on" if certificate_type.is_active else "",
        "sort_order": certificate_type.sort_order,
        "version": certificate_type.version,
    }
    data.update(changes)
    return data


# --- the hub and the list --------------------------------------------------------------------


def test_the_hub_offers_the_section_to_who_may_see_it(salon):
    for role in ("owner", "specialist"):
        page = browser_as(salon, role).get("/settings/").content.decode()
        assert f'href="{URL}"' in page and "Memberships and gift cards" in page
    role = Role.objects.get(chain=salon.chain, key="specialist")
    role.permissions = ["services.view"]
    role.save()
    assert f'href="{URL}"' not in browser_as(salon, "specialist").get("/settings/").content.decode()


def test_memberships_and_gift_cards_are_listed_with_their_terms(salon):
    membership_type(salon, service_ids=[salon.services[0].pk])
    gift_card_type(salon, validity_days=None)
    old = membership_type(salon, name="Summer 5", visits=5, validity_days=None)
    update_certificate_type(actor=salon.actor(), type_id=old.pk, is_active=False)

    response = browser_as(salon).get(URL)

    assert response.status_code == 200
    groups = {g["kind"]: [t.name for t in g["types"]] for g in response.context["groups"]}
    assert groups == {"membership": ["10 visits", "Summer 5"], "gift_card": ["Gift card 100"]}
    page = main_of(response)
    for text in ("$350.00", "$90.00", "Face value $100.00", "Haircut", "valid 365 days"):
        assert text in page, text
    assert "no expiry" in page and "Off sale" in page
    assert f"{URL}new/?kind=gift_card" in page


def test_the_list_is_read_only_for_a_specialist(salon):
    gift_card_type(salon)

    page = main_of(browser_as(salon, "specialist").get(URL))

    assert "Gift card 100" in page and f"{URL}new/" not in page


# --- a new type ------------------------------------------------------------------------------


def test_a_membership_is_created_for_some_services(salon):
    haircut, coloring = salon.services[:2]
    form = {
        "kind": "membership",
        "name": "Ten cuts",
        "price": "300",
        "visits": "10",
        "service_ids": [haircut.pk, coloring.pk],
        "validity_days": "180",
        "face_value": "55",  # typed before switching to a membership: not sent on
        "sort_order": "0",
    }

    response = browser_as(salon).post(f"{URL}new/", form, follow=True)

    created = CertificateType.objects.get(chain=salon.chain)
    assert (created.kind, created.price, created.visits, created.face_value) == (
        "membership",
        Decimal("300.00"),
        10,
        None,
    )
    assert set(created.services.all()) == {haircut, coloring} and created.validity_days == 180
    assert "Membership “Ten cuts” was created." in said(response)
    assert ("certificate_type", created.pk, "created") in events(salon)


def test_a_gift_card_is_created_with_a_face_value_in_russian_notation(salon):
    salon.owner.language = "ru"
    salon.owner.save()
    form = {
        "kind": "gift_card",
        "name": "Сертификат",
        "price": "90,00",
        "face_value": "100,50",
        "visits": "3",
        "service_ids": [salon.services[0].pk],
        "validity_days": "",
        "sort_order": "0",
    }

    browser_as(salon).post(f"{URL}new/", form)

    created = CertificateType.objects.get(chain=salon.chain)
    assert (created.kind, created.price, created.face_value, created.visits) == (
        "gift_card",
        Decimal("90.00"),
        Decimal("100.50"),
        None,
    )
    assert created.validity_days is None and not created.services.exists()


def test_the_new_form_opens_on_the_kind_asked_for(salon):
    response = browser_as(salon).get(f"{URL}new/?kind=gift_card")

    assert response.status_code == 200 and response.context["kind"] == "gift_card"
    assert browser_as(salon).get(f"{URL}new/?kind=nonsense").context["kind"] == "membership"


def test_a_gift_card_without_a_face_value_is_shown_again_and_nothing_is_written(salon):
    before = event_count(salon)
    form = {"kind": "gift_card", "name": "Card", "price": "90", "face_value": "", "sort_order": 0}

    errors = refused_form(browser_as(salon).post(f"{URL}new/", form))

    assert errors == {"face_value": ["A gift card needs its face value."]}
    assert not CertificateType.objects.exists() and event_count(salon) == before


def test_bad_shapes_are_shown_on_their_fields(salon):
    form = {"kind": "membership", "name": "", "price": "-1", "visits": "0", "sort_order": 0}

    errors = refused_form(browser_as(salon).post(f"{URL}new/", form))

    assert {"name", "price", "visits"} <= set(errors)


def test_a_service_of_another_chain_cannot_be_chosen(salon):
    theirs = make_salon(name="Elsewhere").services[0]
    form = {
        "kind": "membership",
        "name": "X",
        "price": "1",
        "visits": "1",
        "service_ids": [theirs.pk],
        "sort_order": 0,
    }

    assert "service_ids" in refused_form(browser_as(salon).post(f"{URL}new/", form))


def test_a_specialist_may_not_open_or_post_the_new_form(salon):
    specialist = browser_as(salon, "specialist")
    form = {"kind": "membership", "name": "X", "price": "1", "visits": "1", "sort_order": 0}

    forbidden(specialist.get(f"{URL}new/"))
    forbidden(specialist.post(f"{URL}new/", form))
    assert not CertificateType.objects.exists()


# --- a type's card ---------------------------------------------------------------------------


def test_a_type_is_edited_and_taken_off_sale(salon):
    membership = membership_type(salon)

    response = browser_as(salon).post(
        f"{URL}{membership.pk}/",
        type_form(membership, visits="12", is_active="", service_ids=[salon.services[1].pk]),
        follow=True,
    )

    membership.refresh_from_db()
    assert (membership.visits, membership.is_active, membership.version) == (12, False, 2)
    assert list(membership.services.all()) == [salon.services[1]]
    assert "“10 visits” was saved." in said(response)


def test_the_kind_of_a_type_is_shown_not_edited(salon):
    gift_card = gift_card_type(salon)

    response = browser_as(salon).get(f"{URL}{gift_card.pk}/")
    posted = browser_as(salon).post(
        f"{URL}{gift_card.pk}/", type_form(gift_card, kind="membership", visits="5"), follow=True
    )

    assert "kind" not in response.context["form"].fields
    assert "Gift card" in main_of(response)
    gift_card.refresh_from_db()
    assert (gift_card.kind, gift_card.visits) == ("gift_card", None)
    assert "Nothing was changed." in said(posted)


def test_a_withdrawn_service_stays_on_a_membership_that_covers_it(salon):
    beard = salon.services[2]
    membership = membership_type(salon, service_ids=[beard.pk])
    update_service(actor=salon.actor(), service_id=beard.pk, is_active=False)

    response = browser_as(salon).get(f"{URL}{membership.pk}/")
    saved = browser_as(salon).post(f"{URL}{membership.pk}/", type_form(membership, visits="11"))

    choices = response.context["form"].fields["service_ids"].choices
    assert beard.pk in [value for value, _label in choices]
    assert saved.status_code == 302
    membership.refresh_from_db()
    assert list(membership.services.all()) == [beard] and membership.visits == 11


def test_a_stale_edit_is_refused_with_a_message(salon):
    gift_card = gift_card_type(salon)
    form = type_form(gift_card, name="Mine")
    update_certificate_type(actor=salon.actor(), type_id=gift_card.pk, price=Decimal("95"))

    errors = refused_form(browser_as(salon).post(f"{URL}{gift_card.pk}/", form))

    assert "changed by someone else" in errors["__all__"][0]
    gift_card.refresh_from_db()
    assert gift_card.name == "Gift card 100"


def test_a_specialist_sees_a_type_read_only_and_may_not_post(salon):
    gift_card = gift_card_type(salon)
    specialist = browser_as(salon, "specialist")

    response = specialist.get(f"{URL}{gift_card.pk}/")

    assert response.status_code == 200 and response.context["form"].read_only
    assert "You may see this membership or gift card but not change it." in main_of(response)
    forbidden(specialist.post(f"{URL}{gift_card.pk}/", type_form(gift_card, name="Mine")))
    gift_card.refresh_from_db()
    assert gift_card.name == "Gift card 100"


def test_another_chains_type_is_not_found(salon):
    theirs = gift_card_type(make_salon(name="Elsewhere"))

    not_found(browser_as(salon).get(f"{URL}{theirs.pk}/"))
    not_found(browser_as(salon).post(f"{URL}{theirs.pk}/", type_form(theirs, name="Mine")))
