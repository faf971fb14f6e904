"""The client base through the API where it shows money: the search's balance filter (who owes
for a visit) and a client's history of visits."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from salonbook.checkout.payments import take_payment
from salonbook.clients.services import create_client
from salonbook.visits.services import update_booking
from tests.clients.test_client_card import base, cash, maria, names
from tests.salon import make_salon, next_weekday

__all__ = ["base", "maria"]  # the fixtures of the card's API tests, used here too

pytestmark = pytest.mark.django_db


def test_the_balance_filter_finds_who_owes_for_a_visit_that_happened(salon, api, base):
    actor = salon.actor()
    day = next_weekday(2)
    paid = salon.book(start=salon.at(day, "10:00"), client_id=base["olga"].pk)
    owing = salon.book(start=salon.at(day, "12:00"), client_id=base["ivan"].pk)
    discounted = salon.book(start=salon.at(day, "14:00"), client_id=base["mary"].pk)
    to_come = salon.book(start=salon.at(day, "16:00"), client_id=base["olga"].pk)
    take_payment(actor=actor, booking_id=paid.pk, method_id=cash(salon))
    take_payment(actor=actor, booking_id=owing.pk, method_id=cash(salon), amount=Decimal("10"))
    update_booking(actor=actor, booking_id=discounted.pk, status="arrived")
    assert to_come.status == "expected"  # not a visit yet: owes nothing

    assert names(api.get("/clients", has_balance="true")) == {"Ivan Petrov", "Mary Jones"}

    take_payment(actor=actor, booking_id=owing.pk, method_id=cash(salon))
    assert names(api.get("/clients", has_balance="true")) == {"Mary Jones"}


def test_a_client_paid_in_full_after_a_discount_owes_nothing(salon, api, base):
    from salonbook.visits.lines import ServiceRequest

    actor = salon.actor()
    visit = salon.book(start=salon.at(next_weekday(2), "10:00"), client_id=base["ivan"].pk)
    update_booking(
        actor=actor,
        booking_id=visit.pk,
        services=[
            ServiceRequest(
                service_id=salon.services[0].pk,
                discount_kind="percent",
                discount_value=Decimal("33.33"),
            )
        ],
    )
    take_payment(actor=actor, booking_id=visit.pk, method_id=cash(salon))

    assert names(api.get("/clients", has_balance="true")) == set()
    assert api.get(f"/clients/{base['ivan'].pk}/figures").json()["balance"] == "0.00"


def test_the_history_lists_every_visit_newest_first_with_its_money(salon, api, maria):
    actor = salon.actor()
    first_day = next_weekday(1)
    older = salon.book(start=salon.at(first_day, "10:00"), client_id=maria.pk)
    newer = salon.book(
        start=salon.at(first_day + timedelta(days=7), "11:00"),
        client_id=maria.pk,
        service=salon.services[1],
        staff=salon.staff[1],
    )
    take_payment(actor=actor, booking_id=older.pk, method_id=cash(salon))

    response = api.get(f"/clients/{maria.pk}/visits")

    assert response.status_code == 200
    visits = response.json()["visits"]
    assert [v["id"] for v in visits] == [newer.pk, older.pk]
    assert visits[0]["services"] == ["Coloring"]
    assert visits[0]["staff"]["name"] == "Stylist 2"
    assert visits[0]["location"]["name"] == salon.location.name
    assert (visits[0]["total"], visits[0]["due"], visits[0]["status"]) == (
        "85.50",
        "85.50",
        "expected",
    )
    assert (visits[1]["total"], visits[1]["paid"], visits[1]["due"]) == ("40.00", "40.00", "0.00")
    assert response.json()["has_more"] is False


def test_the_history_pages_through_many_visits(salon, api, maria):
    day = next_weekday(1)
    for week in range(5):
        salon.book(start=salon.at(day + timedelta(days=7 * week), "10:00"), client_id=maria.pk)

    first = api.get(f"/clients/{maria.pk}/visits", limit=3).json()
    rest = api.get(f"/clients/{maria.pk}/visits", limit=3, offset=3).json()

    assert (len(first["visits"]), first["has_more"]) == (3, True)
    assert (len(rest["visits"]), rest["has_more"]) == (2, False)


def test_another_chains_client_has_no_history_here(salon, api):
    other = make_salon(name="Other")
    stranger = create_client(actor=other.actor(), name="Stranger", phone="+12125550555")

    assert api.get(f"/clients/{stranger.pk}/visits").status_code == 404
