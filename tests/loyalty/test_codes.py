"""Certificate codes: generated ones are always valid, and never one a live certificate of the
chain already has, however many there are and however unlucky the draws."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salonbook.loyalty import services
from salonbook.loyalty.codes import (
    ALPHABET,
    GENERATED_LENGTH,
    code_problem,
    normalize_code,
    random_code,
)
from salonbook.loyalty.models import Certificate
from salonbook.loyalty.services import generate_certificate_code, issue_certificate
from tests.loyalty.cards import gift_card_type

LOOK_ALIKES = set("0O1IL")
EXISTING = 600


@given(st.randoms(use_true_random=False))
def test_a_generated_code_is_ten_unmistakable_characters_already_in_stored_form(rng):
    code = random_code(rng)

    assert len(code) == GENERATED_LENGTH
    assert set(code) <= set(ALPHABET) and not set(code) & LOOK_ALIKES
    assert normalize_code(code) == code and code_problem(code) is None


@given(
    st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -", max_size=40)
)
def test_a_typed_code_is_read_the_same_in_any_case_and_with_any_separators(text):
    code = normalize_code(text)

    assert code == normalize_code(text.lower()) == normalize_code(text.replace("-", " "))
    assert " " not in code and "-" not in code and code == code.upper()
    assert (code_problem(code) is None) == (4 <= len(code) <= 32)


@pytest.fixture
def crowded(salon):
    """A chain with many live certificates (and a few voided, whose codes are free again)."""
    gift_card = gift_card_type(salon)
    rng = random.Random(2026)
    codes = sorted({random_code(rng) for _ in range(EXISTING)})
    now = timezone.now()
    Certificate.objects.bulk_create(
        Certificate(
            chain=salon.chain,
            type=gift_card,
            code=code,
            sold_at=now - timedelta(days=i),
            status="void" if i % 50 == 0 else "active",
        )
        for i, code in enumerate(codes)
    )
    live = [c for i, c in enumerate(codes) if i % 50]
    return salon, gift_card, live


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_generated_code_never_collides_with_a_live_one_in_the_chain(crowded, data, monkeypatch):
    salon, gift_card, live = crowded
    # The random source is made to draw codes already in use first (as a run of bad luck
    # would), then whatever a seeded generator gives.
    unlucky = data.draw(st.lists(st.sampled_from(live), max_size=services.CODE_ATTEMPTS - 1))
    rng = data.draw(st.randoms(use_true_random=False))
    draws = iter(unlucky)
    monkeypatch.setattr(services, "random_code", lambda: next(draws, None) or random_code(rng))
    use_it = data.draw(st.booleans())

    with transaction.atomic():
        if use_it:  # sold straight away, without asking for a code first
            code = issue_certificate(actor=salon.actor(), type_id=gift_card.pk).code
        else:
            code = generate_certificate_code(actor=salon.actor())
        assert code_problem(code) is None and len(code) == GENERATED_LENGTH
        assert code not in live
        holders = Certificate.objects.filter(chain=salon.chain, code=code, status="active")
        assert holders.count() == (1 if use_it else 0)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_an_exhausted_random_source_is_an_error_not_a_duplicate(crowded, monkeypatch):
    salon, gift_card, live = crowded
    monkeypatch.setattr(services, "random_code", lambda: live[0])

    with pytest.raises(RuntimeError):
        generate_certificate_code(actor=salon.actor())
    assert Certificate.objects.filter(chain=salon.chain, code=live[0]).count() == 1


@pytest.mark.django_db
def test_a_code_of_a_voided_certificate_is_free_for_a_generated_one(crowded, monkeypatch):
    salon, gift_card, live = crowded
    voided = Certificate.objects.filter(chain=salon.chain, status="void").first()
    monkeypatch.setattr(services, "random_code", lambda: voided.code)

    card = issue_certificate(actor=salon.actor(), type_id=gift_card.pk)

    assert card.code == voided.code and card.type.face_value == Decimal("100.00")


@pytest.mark.django_db
def test_a_code_taken_between_the_check_and_the_insert_is_refused_or_drawn_again(
    crowded, monkeypatch
):
    """What a writer racing for the same code on PostgreSQL meets: the unique index, after the
    check said the code was free (simulated by a check that sees nothing)."""
    salon, gift_card, live = crowded
    monkeypatch.setattr(services, "_code_taken", lambda chain_id, code: None)
    before = Certificate.objects.count()

    with pytest.raises(services.Invalid) as exc_info:
        issue_certificate(actor=salon.actor(), type_id=gift_card.pk, code=live[0])
    draws = iter([live[1], live[2]])
    monkeypatch.setattr(services, "random_code", lambda: next(draws, None) or random_code())
    card = issue_certificate(actor=salon.actor(), type_id=gift_card.pk)

    assert "already in use" in exc_info.value.errors["code"][0]
    assert card.code not in live and Certificate.objects.count() == before + 1
