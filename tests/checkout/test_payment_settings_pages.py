"""Payments in the settings: payment methods (list, new, edit, out of use) and the cash desks
of each location (list, new, rename, out of use). Who takes payments sees them read-only;
changing them needs "settings.manage"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from salonbook.accounts.models import Role
from salonbook.chains.services import create_location, update_location
from salonbook.checkout.models import CashDesk, Payment, PaymentMethod
from salonbook.checkout.payments import take_payment
from salonbook.checkout.services import (
    create_cash_desk,
    create_payment_method,
    update_cash_desk,
    update_payment_method,
)
from salonbook.sync.models import ChangeEvent
from tests.pages import browser_as
from tests.salon import make_salon, next_weekday
from tests.settings_pages import (
    event_count,
    events,
    forbidden,
    main_of,
    not_found,
    refused_form,
    said,
)
from tests.web.test_translations import compiled  # noqa: F401  (the .mo, for the Russian test)

pytestmark = pytest.mark.django_db

METHODS = "/settings/payments/"
DESKS = "/settings/payments/cash-desks/"


def method(salon, kind: str) -> PaymentMethod:
    return PaymentMethod.objects.get(chain=salon.chain, kind=kind)


def uptown(salon):
    return create_location(actor=salon.actor(), name="Uptown", time_zone="UTC")


def desk(salon, name="Front desk", location=None) -> CashDesk:
    return create_cash_desk(
        actor=salon.actor(), location_id=(location or salon.location).pk, name=name
    )


def method_form(m: PaymentMethod, **changes) -> dict:
    """What the method's card posts as it stands (a checkbox left off is not posted)."""
    data = {
        "name": m.name,
        "kind": m.kind,
        "location_id": m.location_id or "",
        "sort_order": m.sort_order,
        "is_active": "on" if m.is_active else None,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def cashier(salon):
    """The specialist's role, given the right to take payments (and not to manage settings)."""
    role = Role.objects.get(chain=salon.chain, key="specialist")
    role.permissions = [*role.permissions, "payments.take"]
    role.save()
    return browser_as(salon, "specialist")


# --- the hub --------------------------------------------------------------------------------


def test_the_hub_offers_payments_to_who_takes_them(salon, cashier):
    owner_hub = main_of(browser_as(salon).get("/settings/"))
    cashier_hub = main_of(cashier.get("/settings/"))

    assert f'href="{METHODS}"' in owner_hub and "Payments" in owner_hub
    assert f'href="{METHODS}"' in cashier_hub


def test_the_hub_does_not_link_payments_for_a_specialist(salon):
    hub = main_of(browser_as(salon, "specialist").get("/settings/"))

    assert f'href="{METHODS}"' not in hub


# --- payment methods ------------------------------------------------------------------------


def test_payment_methods_are_listed_with_their_kind_where_they_are_offered_and_if_in_use(salon):
    branch = uptown(salon)
    create_payment_method(
        actor=salon.actor(), name="Voucher", kind="other", location_id=branch.pk, sort_order=5
    )
    update_payment_method(actor=salon.actor(), method_id=method(salon, "transfer").pk, is_active=0)

    response = browser_as(salon).get(METHODS)

    assert response.status_code == 200
    names = [m.name for m in response.context["methods"]]
    assert names == ["Cash", "Card", "Bank transfer", "Voucher"]
    page = main_of(response)
    assert "Cash · Every location" in page and "Other · Uptown" in page
    assert page.count("Out of use") == 1
    assert "New payment method" in page and "but not change" not in page


def queries_of(browser, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(url).status_code == 200
    return len(queries)


def test_the_list_reads_methods_and_their_locations_in_a_fixed_number_of_queries(salon):
    browser = browser_as(salon)
    browser.get(METHODS)  # the session warmed
    few = queries_of(browser, METHODS)
    for n in range(5):
        branch = create_location(actor=salon.actor(), name=f"Branch {n}", time_zone="UTC")
        create_payment_method(actor=salon.actor(), name=f"Local {n}", location_id=branch.pk)

    assert queries_of(browser, METHODS) == few


def test_a_payment_method_is_created_for_one_location(salon):
    branch = uptown(salon)

    response = browser_as(salon).post(
        f"{METHODS}new/",
        {"name": " Gift voucher ", "kind": "other", "location_id": branch.pk, "sort_order": "7"},
        follow=True,
    )

    created = PaymentMethod.objects.get(chain=salon.chain, name="Gift voucher")
    assert (created.kind, created.location, created.sort_order) == ("other", branch, 7)
    assert created.is_active
    assert "Payment method “Gift voucher” was created." in said(response)
    assert events(salon, "payment_method") == [("payment_method", created.pk, "created")]


def test_a_payment_method_is_created_for_every_location(salon):
    browser_as(salon).post(
        f"{METHODS}new/", {"name": "Mobile pay", "kind": "card", "location_id": "", "sort_order": 0}
    )

    created = PaymentMethod.objects.get(chain=salon.chain, name="Mobile pay")
    assert created.location_id is None and created.kind == "card"


def test_the_new_method_form_offers_every_kind_and_every_location(salon):
    branch = uptown(salon)

    form = browser_as(salon).get(f"{METHODS}new/").context["form"]

    assert [k for k, _label in form.fields["kind"].choices] == ["cash", "card", "transfer", "other"]
    locations = [(str(v), str(label)) for v, label in form.fields["location_id"].choices]
    assert locations == [
        ("", "Every location"),
        (str(salon.location.pk), salon.location.name),
        (str(branch.pk), "Uptown"),
    ]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "  ", "kind": "other", "sort_order": 0}, "name"),
        ({"name": "Crypto", "kind": "bitcoin", "sort_order": 0}, "kind"),
        ({"name": "Crypto", "kind": "other", "sort_order": "first"}, "sort_order"),
        ({"name": "x" * 101, "kind": "other", "sort_order": 0}, "name"),
        ({"name": "Crypto", "kind": "other", "location_id": "abc", "sort_order": 0}, "location_id"),
    ],
)
def test_a_bad_new_method_is_shown_again_and_nothing_is_written(salon, data, field):
    before = (PaymentMethod.objects.count(), event_count(salon))

    errors = refused_form(browser_as(salon).post(f"{METHODS}new/", data))

    assert field in errors
    assert (PaymentMethod.objects.count(), event_count(salon)) == before


def test_a_method_cannot_be_offered_at_another_chains_location(salon):
    theirs = make_salon(name="Elsewhere").location
    before = (PaymentMethod.objects.count(), event_count(salon))

    errors = refused_form(
        browser_as(salon).post(
            f"{METHODS}new/",
            {"name": "Theirs", "kind": "other", "location_id": theirs.pk, "sort_order": 0},
        )
    )

    assert "location_id" in errors
    assert (PaymentMethod.objects.count(), event_count(salon)) == before


def test_a_payment_method_is_renamed_and_moved_to_one_location(salon):
    card = method(salon, "card")
    branch = uptown(salon)

    response = browser_as(salon).post(
        f"{METHODS}{card.pk}/",
        method_form(card, name="Card terminal", location_id=branch.pk, sort_order=3),
        follow=True,
    )

    card.refresh_from_db()
    assert (card.name, card.location, card.sort_order, card.is_active) == (
        "Card terminal",
        branch,
        3,
        True,
    )
    assert "Payment method “Card terminal” was saved." in said(response)
    assert events(salon, "payment_method")[-1] == ("payment_method", card.pk, "updated")


def test_an_edit_writes_only_what_changed(salon):
    card = method(salon, "card")
    browser_as(salon).post(f"{METHODS}{card.pk}/", method_form(card, kind="other"))

    event = ChangeEvent.objects.filter(chain=salon.chain, entity="payment_method").last()
    assert event.data == {"fields": ["kind"]}


def test_a_retired_method_keeps_its_past_payments(salon):
    cash = method(salon, "cash")
    day = next_weekday(2, after=date.today() + timedelta(days=7))
    visit = salon.book(start=salon.at(day, "10:00"))
    paid = take_payment(actor=salon.actor(), booking_id=visit.pk, method_id=cash.pk)

    response = browser_as(salon).post(
        f"{METHODS}{cash.pk}/", method_form(cash, is_active=None), follow=True
    )

    cash.refresh_from_db()
    assert not cash.is_active
    assert Payment.objects.live().get(pk=paid.pk).method == cash
    assert "Payment method “Cash” is out of use; the payments made with it keep it." in said(
        response
    )
    assert "Out of use" in main_of(response)


def test_a_method_out_of_use_is_taken_back_into_use(salon):
    cash = method(salon, "cash")
    update_payment_method(actor=salon.actor(), method_id=cash.pk, is_active=False)
    cash.refresh_from_db()

    browser_as(salon).post(f"{METHODS}{cash.pk}/", method_form(cash, is_active="on"))

    cash.refresh_from_db()
    assert cash.is_active


def test_saving_an_unchanged_method_writes_nothing(salon):
    card = method(salon, "card")
    before = event_count(salon)

    response = browser_as(salon).post(f"{METHODS}{card.pk}/", method_form(card), follow=True)

    assert "Nothing was changed." in said(response)
    assert event_count(salon) == before


def test_a_bad_edit_is_shown_again_with_what_was_typed_and_nothing_is_written(salon):
    card = method(salon, "card")
    before = event_count(salon)

    response = browser_as(salon).post(
        f"{METHODS}{card.pk}/", method_form(card, name="", kind="cheque", sort_order=9)
    )

    errors = refused_form(response)
    assert set(errors) == {"name", "kind"}
    assert 'value="9"' in main_of(response)
    card.refresh_from_db()
    assert (card.name, card.kind, card.sort_order) == ("Card", "card", 1)
    assert event_count(salon) == before


def test_a_method_at_a_closed_location_keeps_it_choosable(salon):
    branch = uptown(salon)
    local = create_payment_method(actor=salon.actor(), name="Local", location_id=branch.pk)
    update_location(actor=salon.actor(), location_id=branch.pk, is_active=False)

    card_form = browser_as(salon).get(f"{METHODS}{local.pk}/").context["form"]
    new_form = browser_as(salon).get(f"{METHODS}new/").context["form"]

    assert branch.pk in [v for v, _label in card_form.fields["location_id"].choices]
    assert branch.pk not in [v for v, _label in new_form.fields["location_id"].choices]


# --- cash desks -----------------------------------------------------------------------------


def test_cash_desks_are_listed_per_location_with_location_tabs(salon):
    branch = uptown(salon)
    desk(salon, "Front desk")
    closed = desk(salon, "Old till")
    update_cash_desk(actor=salon.actor(), cash_desk_id=closed.pk, is_active=False)
    desk(salon, "Uptown till", location=branch)
    browser = browser_as(salon)

    here = browser.get(f"{DESKS}?location={salon.location.pk}")
    there = browser.get(f"{DESKS}?location={branch.pk}")

    assert [d.name for d in here.context["desks"]] == ["Front desk", "Old till"]
    assert [d.name for d in there.context["desks"]] == ["Uptown till"]
    page = main_of(here)
    assert f'href="{DESKS}?location={branch.pk}"' in page and "Out of use" in page
    assert "New cash desk" in page


def test_a_location_without_desks_says_so(salon):
    page = main_of(browser_as(salon).get(DESKS))

    assert "This location has no cash desks yet." in page


def test_a_cash_desk_is_created_at_the_chosen_location(salon):
    branch = uptown(salon)

    response = browser_as(salon).post(
        f"{DESKS}new/?location={branch.pk}", {"name": "Reception"}, follow=True
    )

    created = CashDesk.objects.get(name="Reception")
    assert created.location == branch and created.is_active
    assert "Cash desk “Reception” was created." in said(response)
    assert response.redirect_chain[-1][0] == f"{DESKS}?location={branch.pk}"
    assert events(salon, "cash_desk") == [("cash_desk", created.pk, "created")]


def test_a_cash_desk_without_a_name_is_shown_again_and_nothing_is_written(salon):
    before = event_count(salon)

    errors = refused_form(browser_as(salon).post(f"{DESKS}new/", {"name": "   "}))

    assert "name" in errors
    assert not CashDesk.objects.exists() and event_count(salon) == before


def test_a_cash_desk_is_renamed(salon):
    front = desk(salon)

    response = browser_as(salon).post(
        f"{DESKS}{front.pk}/", {"name": "Reception", "is_active": "on"}, follow=True
    )

    front.refresh_from_db()
    assert front.name == "Reception" and front.is_active
    assert "Cash desk “Reception” was saved." in said(response)
    assert events(salon, "cash_desk")[-1] == ("cash_desk", front.pk, "updated")


def test_a_cash_desk_is_taken_out_of_use_and_keeps_its_payments(salon):
    front = desk(salon)
    day = next_weekday(3, after=date.today() + timedelta(days=7))
    visit = salon.book(start=salon.at(day, "10:00"))
    paid = take_payment(
        actor=salon.actor(),
        booking_id=visit.pk,
        method_id=method(salon, "cash").pk,
        cash_desk_id=front.pk,
    )

    response = browser_as(salon).post(f"{DESKS}{front.pk}/", {"name": "Front desk"}, follow=True)

    front.refresh_from_db()
    assert not front.is_active
    assert Payment.objects.get(pk=paid.pk).cash_desk == front
    assert "Cash desk “Front desk” is out of use; the payments it took keep it." in said(response)


def test_a_bad_desk_edit_is_shown_again_and_nothing_is_written(salon):
    front = desk(salon)
    before = event_count(salon)

    errors = refused_form(
        browser_as(salon).post(f"{DESKS}{front.pk}/", {"name": "", "is_active": "on"})
    )

    assert "name" in errors
    front.refresh_from_db()
    assert front.name == "Front desk" and event_count(salon) == before


# --- rights ---------------------------------------------------------------------------------


def test_who_takes_payments_sees_methods_and_desks_read_only(salon, cashier):
    card = method(salon, "card")
    front = desk(salon)

    methods = cashier.get(METHODS)
    card_page = cashier.get(f"{METHODS}{card.pk}/")
    desks = cashier.get(DESKS)
    desk_page = cashier.get(f"{DESKS}{front.pk}/")

    assert methods.status_code == 200 and "Card" in main_of(methods)
    assert "New payment method" not in main_of(methods)
    assert "You may see the payment methods and cash desks but not change them." in main_of(methods)
    assert card_page.context["form"].read_only and "Save" not in main_of(card_page)
    assert desks.context["form"].read_only and "New cash desk" not in main_of(desks)
    assert desk_page.context["form"].read_only and "Save" not in main_of(desk_page)


def test_who_only_takes_payments_may_not_change_them(salon, cashier):
    card, front = method(salon, "card"), desk(salon)
    before = event_count(salon)

    forbidden(cashier.get(f"{METHODS}new/"))
    forbidden(cashier.post(f"{METHODS}new/", {"name": "Mine", "kind": "other", "sort_order": 0}))
    forbidden(cashier.post(f"{METHODS}{card.pk}/", method_form(card, name="Mine")))
    forbidden(cashier.post(f"{DESKS}new/", {"name": "Mine"}))
    forbidden(cashier.post(f"{DESKS}{front.pk}/", {"name": "Mine"}))

    card.refresh_from_db()
    front.refresh_from_db()
    assert card.name == "Card" and front.name == "Front desk" and front.is_active
    assert PaymentMethod.objects.filter(chain=salon.chain).count() == 3
    assert event_count(salon) == before


def test_a_specialist_has_no_payment_settings(salon):
    card, front = method(salon, "card"), desk(salon)
    specialist = browser_as(salon, "specialist")

    for url in (METHODS, f"{METHODS}new/", f"{METHODS}{card.pk}/", DESKS, f"{DESKS}{front.pk}/"):
        forbidden(specialist.get(url))
    forbidden(specialist.post(f"{METHODS}new/", {"name": "Mine", "kind": "other"}))
    forbidden(specialist.post(f"{METHODS}{card.pk}/", method_form(card, name="Mine")))
    forbidden(specialist.post(f"{DESKS}new/", {"name": "Mine"}))
    forbidden(specialist.post(f"{DESKS}{front.pk}/", {"name": "Mine"}))

    card.refresh_from_db()
    front.refresh_from_db()
    assert card.name == "Card" and front.name == "Front desk"
    assert CashDesk.objects.count() == 1


def test_an_administrator_manages_payments(salon):
    card = method(salon, "card")

    browser_as(salon, "administrator").post(f"{METHODS}{card.pk}/", method_form(card, name="POS"))

    card.refresh_from_db()
    assert card.name == "POS"


def test_another_chains_methods_and_desks_are_not_found(salon):
    elsewhere = make_salon(name="Elsewhere")
    theirs = method(elsewhere, "card")
    their_desk = desk(elsewhere, "Their till")
    owner = browser_as(salon)

    not_found(owner.get(f"{METHODS}{theirs.pk}/"))
    not_found(owner.post(f"{METHODS}{theirs.pk}/", method_form(theirs, name="Mine")))
    not_found(owner.get(f"{DESKS}{their_desk.pk}/"))
    not_found(owner.post(f"{DESKS}{their_desk.pk}/", {"name": "Mine"}))

    theirs.refresh_from_db()
    their_desk.refresh_from_db()
    assert theirs.name == "Card" and their_desk.name == "Their till"
    assert [d.name for d in owner.get(DESKS).context["desks"]] == []
    assert "Card" in [m.name for m in owner.get(METHODS).context["methods"]]
    assert PaymentMethod.objects.filter(chain=salon.chain).count() == 3


def test_a_desk_cannot_be_created_at_another_chains_location(salon):
    theirs = make_salon(name="Elsewhere").location

    browser_as(salon).post(f"{DESKS}new/?location={theirs.pk}", {"name": "Sneaky"})

    # `?location=` of another chain is not one of ours: the desk goes to the user's location.
    assert not CashDesk.objects.filter(location=theirs).exists()


# --- in Russian -----------------------------------------------------------------------------


@pytest.mark.usefixtures("compiled")
def test_the_payment_settings_speak_russian(salon):
    front = desk(salon)
    with translation.override("ru"):
        browser = browser_as(salon)
        ru = {"Accept-Language": "ru"}
        hub = main_of(browser.get("/settings/", headers=ru))
        methods = main_of(browser.get(METHODS, headers=ru))
        new = main_of(browser.get(f"{METHODS}new/", headers=ru))
        desk_page = main_of(browser.get(f"{DESKS}{front.pk}/", headers=ru))

    assert "Оплата" in hub
    for words in ("Способы оплаты", "Кассы", "Наличные", "Банковский перевод", "Все филиалы"):
        assert words in methods, words
    assert "Новый способ оплаты" in new and "Где принимается" in new
    assert "Используется" in desk_page
