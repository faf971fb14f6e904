"""Membership and gift card types, and certificates sold, issued and voided through the services."""

from __future__ import annotations

import importlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import transaction

from salonbook.accounts.models import Role
from salonbook.catalog.services import update_service
from salonbook.clients.services import create_client
from salonbook.errors import Conflict, Invalid, NotAllowed, NotFound, PreconditionFailed
from salonbook.loyalty.codes import ALPHABET, GENERATED_LENGTH
from salonbook.loyalty.models import Certificate, CertificateEntry, CertificateType
from salonbook.loyalty.selectors import (
    Balance,
    certificate_balance,
    certificate_by_code,
    certificate_type_list,
    client_certificates,
    shown_code,
)
from salonbook.loyalty.services import (
    CertificateUsed,
    create_certificate_type,
    generate_certificate_code,
    issue_certificate,
    update_certificate_type,
    void_certificate,
)
from salonbook.sync.models import ChangeEvent
from tests.loyalty.cards import all_entries, gift_card_type, ledger, membership_type, sell, take
from tests.salon import make_salon
from tests.settings_pages import event_count, events

pytestmark = pytest.mark.django_db


def refused(exc_info: pytest.ExceptionInfo[Invalid], field: str) -> str:
    """The message a 422 gives for `field` (and that it names that field)."""
    assert field in exc_info.value.errors, exc_info.value.errors
    return exc_info.value.errors[field][0]


def written(salon) -> tuple[int, int, int, list]:
    """Everything a sale writes, to show that a refusal wrote none of it."""
    return (
        Certificate.objects.count(),
        CertificateEntry.objects.count(),
        event_count(salon),
        all_entries(),
    )


# --- types -----------------------------------------------------------------------------------


def test_a_membership_covers_some_services_and_a_gift_card_has_a_face_value(salon):
    haircut, coloring = salon.services[:2]
    covered = [haircut.pk, coloring.pk]

    membership = membership_type(salon, service_ids=covered, price=Decimal("349.999"))
    gift_card = gift_card_type(salon)

    assert (membership.kind, membership.visits, membership.face_value) == ("membership", 10, None)
    assert membership.price == Decimal("350.00")  # rounded to cents
    assert set(membership.services.all()) == {haircut, coloring}
    assert (gift_card.price, gift_card.face_value, gift_card.visits) == (
        Decimal("90.00"),
        Decimal("100.00"),
        None,
    )
    assert events(salon, "certificate_type") == [
        ("certificate_type", membership.pk, "created"),
        ("certificate_type", gift_card.pk, "created"),
    ]


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        ({"kind": "gift_card"}, "face_value"),
        ({"kind": "gift_card", "face_value": "0"}, "face_value"),
        ({"kind": "gift_card", "face_value": "100", "visits": 5}, "visits"),
        ({"kind": "membership"}, "visits"),
        ({"kind": "membership", "visits": 0}, "visits"),
        ({"kind": "membership", "visits": 5, "face_value": "100"}, "face_value"),
        ({"kind": "membership", "visits": 5, "price": "-1"}, "price"),
        ({"kind": "membership", "visits": 5, "validity_days": 0}, "validity_days"),
        ({"kind": "membership", "visits": 5, "name": ""}, "name"),
        ({"kind": "season_ticket", "visits": 5}, "kind"),
    ],
)
def test_a_type_whose_terms_do_not_fit_its_kind_is_refused_on_the_field(salon, terms, field):
    values = {"name": "X", "price": Decimal("10"), **terms}
    for key in ("price", "face_value"):
        if key in values:
            values[key] = Decimal(values[key])
    before = event_count(salon)

    with pytest.raises(Invalid) as exc_info:
        create_certificate_type(actor=salon.actor(), **values)

    refused(exc_info, field)
    assert not CertificateType.objects.exists() and event_count(salon) == before


def test_a_gift_card_lists_no_services_and_a_membership_only_the_chains_active_ones(salon):
    other = make_salon(name="Elsewhere")
    withdrawn = salon.services[2]
    update_service(actor=salon.actor(), service_id=withdrawn.pk, is_active=False)
    actor = salon.actor()
    cases = [
        ({"kind": "gift_card", "face_value": Decimal(100)}, [salon.services[0].pk]),
        ({"kind": "membership", "visits": 5}, [other.services[0].pk]),
        ({"kind": "membership", "visits": 5}, [withdrawn.pk]),
        ({"kind": "membership", "visits": 5}, [salon.services[0].pk] * 2),
    ]

    for terms, service_ids in cases:
        with pytest.raises(Invalid) as exc_info:
            create_certificate_type(
                actor=actor, name="X", price=Decimal(1), service_ids=service_ids, **terms
            )
        refused(exc_info, "service_ids")
    assert not CertificateType.objects.exists()


def test_a_type_is_edited_with_its_version_and_taken_off_sale_but_its_kind_stays(salon):
    membership = membership_type(salon, service_ids=[salon.services[0].pk])
    actor = salon.actor()

    updated = update_certificate_type(
        actor=actor,
        type_id=membership.pk,
        expected_version=1,
        visits=12,
        price=Decimal("399.5"),
        service_ids=[],
        validity_days=None,
        is_active=False,
    )

    assert (updated.visits, updated.price, updated.validity_days, updated.is_active) == (
        12,
        Decimal("399.50"),
        None,
        False,
    )
    assert updated.version == 2 and not updated.services.exists()
    with pytest.raises(PreconditionFailed):
        update_certificate_type(actor=actor, type_id=membership.pk, expected_version=1, visits=1)
    with pytest.raises(Invalid) as exc_info:
        update_certificate_type(actor=actor, type_id=membership.pk, kind="gift_card")
    refused(exc_info, "kind")
    with pytest.raises(Invalid) as exc_info:
        update_certificate_type(actor=actor, type_id=membership.pk, visits=None)
    refused(exc_info, "visits")
    membership.refresh_from_db()
    assert (membership.kind, membership.visits, membership.version) == ("membership", 12, 2)


def test_types_are_listed_by_kind_and_by_whether_they_are_on_sale(salon):
    membership = membership_type(salon)
    gift_card = gift_card_type(salon)
    old = gift_card_type(salon, name="Old card")
    update_certificate_type(actor=salon.actor(), type_id=old.pk, is_active=False)
    actor = salon.actor("specialist")

    assert list(certificate_type_list(actor=actor, kind="membership")) == [membership]
    assert list(certificate_type_list(actor=actor, kind="gift_card", active=True)) == [gift_card]
    assert set(certificate_type_list(actor=actor)) == {membership, gift_card, old}


# --- issuing -----------------------------------------------------------------------------------


def test_a_gift_card_is_sold_with_the_code_typed_any_way_and_its_face_value_in_the_ledger(salon):
    client = create_client(actor=salon.actor(), name="Ann", phone="+12125550123")

    card = sell(
        salon,
        gift_card_type(salon),
        code=" gift-2026 ab ",
        client_id=client.pk,
        source="sale_line",
        source_id=41,
    )

    assert (card.code, card.client, card.status, card.source, card.source_id) == (
        "GIFT2026AB",
        client,
        "active",
        "sale_line",
        41,
    )
    assert ledger(card) == [("issued", Decimal("100.00"), 0)]
    assert certificate_balance(card) == Balance(amount=Decimal("100.00"), visits=0)
    entry = CertificateEntry.objects.get(certificate=card)
    assert (entry.source, entry.source_id, entry.created_by) == ("sale_line", 41, salon.owner)
    assert events(salon, "certificate") == [("certificate", card.pk, "issued")]


def test_a_membership_sold_without_a_code_gets_a_fresh_one_and_its_visits(salon):
    card = sell(salon, membership_type(salon))

    assert len(card.code) == GENERATED_LENGTH and set(card.code) <= set(ALPHABET)
    assert ledger(card) == [("issued", Decimal("0.00"), 10)]
    assert certificate_balance(card) == Balance(visits=10)


def test_the_change_event_of_a_sale_does_not_give_the_code_away(salon):
    card = sell(salon, gift_card_type(salon), code="SECRET123")

    event = ChangeEvent.objects.get(chain=salon.chain, entity="certificate", entity_id=card.pk)
    assert "SECRET123" not in str(event.data)
    assert event.data["type_id"] == card.type_id and event.data["kind"] == "gift_card"


def test_a_certificate_expires_validity_days_after_the_sale_or_never(salon):
    dated = sell(salon, membership_type(salon, validity_days=30))
    forever = sell(salon, gift_card_type(salon, validity_days=None))

    assert dated.expires_at - dated.sold_at == timedelta(days=30)
    assert forever.expires_at is None
    assert not dated.is_expired_at(dated.sold_at + timedelta(days=29, hours=23))
    assert dated.is_expired_at(dated.sold_at + timedelta(days=30))


def test_a_code_already_used_in_the_chain_is_refused_whatever_its_case_and_nothing_is_written(
    salon,
):
    sell(salon, gift_card_type(salon), code="SPRING-25")
    membership = membership_type(salon)
    before = written(salon)

    with pytest.raises(Invalid) as exc_info:
        sell(salon, membership, code="spring25")

    message = refused(exc_info, "code")
    assert "SPRING25" in message and "Gift card 100" in message
    assert written(salon) == before


def test_the_same_code_may_be_used_in_another_chain_and_again_once_voided(salon):
    other = make_salon(name="Elsewhere")
    first = sell(salon, gift_card_type(salon), code="SAME1234")

    sell(other, gift_card_type(other), code="SAME1234")
    void_certificate(actor=salon.actor(), certificate_id=first.pk)
    again = sell(salon, gift_card_type(salon, name="Another"), code="same-1234")

    assert again.code == "SAME1234" and again.pk != first.pk


@pytest.mark.parametrize(
    "code",
    ["ABC", "A" * 33, "GIFT_2026", "ПОДАРОК1", "GIFT.2026", "ÄBCD1234", "---"],
)
def test_a_code_that_is_not_four_to_32_latin_letters_and_digits_is_refused(salon, code):
    gift_card = gift_card_type(salon)
    before = written(salon)

    with pytest.raises(Invalid) as exc_info:
        sell(salon, gift_card, code=code)

    assert refused(exc_info, "code")
    assert written(salon) == before


def test_a_blank_code_means_generate_one(salon):
    card = sell(salon, gift_card_type(salon), code="   ")

    assert len(card.code) == GENERATED_LENGTH


def test_a_type_taken_off_sale_is_not_sold(salon):
    gift_card = gift_card_type(salon)
    update_certificate_type(actor=salon.actor(), type_id=gift_card.pk, is_active=False)
    before = written(salon)

    with pytest.raises(Invalid) as exc_info:
        sell(salon, gift_card)

    assert "no longer sold" in refused(exc_info, "type_id")
    assert written(salon) == before


def test_a_client_of_another_chain_is_refused(salon):
    other = make_salon(name="Elsewhere")
    theirs = create_client(actor=other.actor(), name="Bob", phone="+12125550199")

    with pytest.raises(Invalid) as exc_info:
        sell(salon, gift_card_type(salon), client_id=theirs.pk)

    refused(exc_info, "client_id")
    assert not Certificate.objects.exists()


def test_a_sale_refused_later_in_the_checkouts_transaction_leaves_nothing_behind(salon):
    gift_card = gift_card_type(salon)
    before = written(salon)

    with pytest.raises(RuntimeError), transaction.atomic():
        sell(salon, gift_card, source="sale_line", source_id=7)
        raise RuntimeError("the checkout refused the rest of the sale")

    assert written(salon) == before


# --- voiding -----------------------------------------------------------------------------------


def test_an_unused_certificate_is_voided_its_balance_brought_to_zero(salon):
    card = sell(salon, gift_card_type(salon), code="VOIDME01")

    voided = void_certificate(
        actor=salon.actor("administrator"),
        certificate_id=card.pk,
        source="sale_line",
        source_id=41,
    )

    assert (voided.status, voided.version) == ("void", 2)
    assert ledger(card) == [("issued", Decimal("100.00"), 0), ("voided", Decimal("-100.00"), 0)]
    assert certificate_balance(card) == Balance()
    assert events(salon, "certificate")[-1] == ("certificate", card.pk, "voided")
    with pytest.raises(NotFound):
        certificate_by_code(actor=salon.actor(), code="VOIDME01")


def test_an_unused_membership_is_voided_with_its_visits(salon):
    card = sell(salon, membership_type(salon))

    void_certificate(actor=salon.actor(), certificate_id=card.pk)

    assert ledger(card) == [("issued", Decimal("0.00"), 10), ("voided", Decimal("0.00"), -10)]


@pytest.mark.parametrize(
    ("make", "spend", "words"),
    [
        (gift_card_type, {"amount": "40"}, "60.00 of 100.00 left"),
        (membership_type, {"visits": 1}, "9 of 10 visits left"),
    ],
)
def test_a_used_certificate_is_not_voided_and_its_ledger_is_untouched(salon, make, spend, words):
    card = sell(salon, make(salon))
    take(card, **spend)
    before = written(salon)

    with pytest.raises(CertificateUsed) as exc_info:
        void_certificate(actor=salon.actor(), certificate_id=card.pk)

    assert words in exc_info.value.detail and "cannot be voided" in exc_info.value.detail
    assert exc_info.value.status == 409
    assert written(salon) == before
    card.refresh_from_db()
    assert card.status == "active"


def test_a_void_certificate_is_not_voided_again(salon):
    card = sell(salon, gift_card_type(salon))
    void_certificate(actor=salon.actor(), certificate_id=card.pk)
    before = written(salon)

    with pytest.raises(Conflict, match="already void"):
        void_certificate(actor=salon.actor(), certificate_id=card.pk)

    assert written(salon) == before


# --- chains and rights -----------------------------------------------------------------------


def test_another_chains_types_and_certificates_are_not_found(salon):
    other = make_salon(name="Elsewhere")
    their_type = gift_card_type(other)
    their_card = sell(other, their_type, code="THEIRS01")
    actor = salon.actor()

    with pytest.raises(NotFound):
        issue_certificate(actor=actor, type_id=their_type.pk)
    with pytest.raises(NotFound):
        update_certificate_type(actor=actor, type_id=their_type.pk, name="Mine")
    with pytest.raises(NotFound):
        void_certificate(actor=actor, certificate_id=their_card.pk)
    with pytest.raises(NotFound):
        certificate_by_code(actor=actor, code="THEIRS01")
    with pytest.raises(NotFound):
        client_certificates(actor=actor, client_id=their_card.client_id or 0)
    their_card.refresh_from_db()
    assert their_card.status == "active" and ledger(their_card) == [("issued", Decimal(100), 0)]


def test_a_specialist_sees_certificates_but_may_not_sell_void_look_up_or_set_them_up(salon):
    gift_card = gift_card_type(salon)
    card = sell(salon, gift_card, code="LOOKUP01")
    specialist = salon.actor("specialist")
    before = written(salon)

    assert certificate_by_code(actor=salon.actor(), code="lookup-01") == card
    assert shown_code(actor=specialist, code=card.code) == "…UP01"
    for attempt in (
        # Looking a code up would tell a guesser that it exists.
        lambda: certificate_by_code(actor=specialist, code="lookup-01"),
        lambda: create_certificate_type(
            actor=specialist, kind="membership", name="X", price=Decimal(1), visits=1
        ),
        lambda: update_certificate_type(actor=specialist, type_id=gift_card.pk, name="Mine"),
        lambda: issue_certificate(actor=specialist, type_id=gift_card.pk),
        lambda: void_certificate(actor=specialist, certificate_id=card.pk),
        lambda: generate_certificate_code(actor=specialist),
    ):
        with pytest.raises(NotAllowed):
            attempt()
    assert written(salon) == before


def test_a_role_without_the_loyalty_rights_sees_nothing(salon):
    gift_card_type(salon)
    role = Role.objects.get(chain=salon.chain, key="specialist")
    role.permissions = ["bookings.view"]
    role.save()

    with pytest.raises(NotAllowed):
        certificate_type_list(actor=salon.actor("specialist"))


# --- reading ---------------------------------------------------------------------------------


def test_a_clients_certificates_come_with_their_balances(salon):
    client = create_client(actor=salon.actor(), name="Ann", phone="+12125550123")
    membership = sell(salon, membership_type(salon), client_id=client.pk)
    gift = sell(salon, gift_card_type(salon), client_id=client.pk)
    sell(salon, gift_card_type(salon, name="Someone else's"))
    take(membership, visits=3)
    voided = sell(salon, gift_card_type(salon, name="Returned"), client_id=client.pk)
    void_certificate(actor=salon.actor(), certificate_id=voided.pk)

    held = client_certificates(actor=salon.actor("specialist"), client_id=client.pk)

    summary = {h.certificate.pk: (h.balance, h.is_usable) for h in held}
    assert summary == {
        membership.pk: (Balance(amount=Decimal("0.00"), visits=7), True),
        gift.pk: (Balance(amount=Decimal("100.00"), visits=0), True),
        voided.pk: (Balance(amount=Decimal("0.00"), visits=0), False),
    }


# --- the data migration ------------------------------------------------------------------------


def test_the_migration_grants_the_loyalty_rights_to_the_roles_of_existing_chains(salon):
    roles = Role.objects.filter(chain=salon.chain)
    for role in roles:
        role.permissions = [p for p in role.permissions if not p.startswith("loyalty.")]
        role.save()
    migration = importlib.import_module(
        "salonbook.loyalty.migrations.0002_grant_loyalty_permissions"
    )

    migration.forwards(apps, None)

    granted = {r.key: {p for p in r.permissions if p.startswith("loyalty.")} for r in roles.all()}
    assert granted == {
        "owner": {"loyalty.view", "loyalty.manage"},
        "administrator": {"loyalty.view", "loyalty.manage"},
        "specialist": {"loyalty.view"},
    }
