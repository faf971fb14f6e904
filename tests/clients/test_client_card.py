"""The client card through the API: its fields and their refusals, the search of the base,
its filters and the prediscount of new visits (the balance filter and the history of visits:
tests/clientbase)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from salonbook.accounts.models import Role
from salonbook.checkout.models import PaymentMethod
from salonbook.checkout.sales import sell_product
from salonbook.clients.models import Client
from salonbook.clients.services import create_client, update_client
from salonbook.visits.services import update_booking
from tests.salon import next_weekday

pytestmark = pytest.mark.django_db


@pytest.fixture
def maria(salon):
    return create_client(actor=salon.actor(), name="Maria Lopez", phone="+12125550101")


def cash(salon) -> int:
    return PaymentMethod.objects.get(chain=salon.chain, kind="cash").pk


def test_every_card_field_is_saved_and_read_back(api, maria):
    body = {
        "gender": "female",
        "birth_date": "1990-05-17",
        "card_number": " 0042 ",
        "importance": "gold",
        "prediscount": "12.5",
        "sms_birthday": True,
        "sms_excluded": True,
        "comment": "Prefers mornings",
    }

    response = api.patch(f"/clients/{maria.pk}", body)

    assert response.status_code == 200, response.json()
    card = api.get(f"/clients/{maria.pk}").json()
    assert {k: card[k] for k in body} == {**body, "card_number": "0042", "prediscount": "12.50"}
    assert card["version"] == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"birth_date": (date.today() + timedelta(days=1)).isoformat()}, "birth_date"),
        ({"birth_date": "1899-12-31"}, "birth_date"),
        ({"birth_date": "17.05.1990"}, "birth_date"),
        ({"gender": "other"}, "gender"),
        ({"importance": "platinum"}, "importance"),
        ({"prediscount": "100.01"}, "prediscount"),
        ({"prediscount": "-1"}, "prediscount"),
        ({"phone": "12"}, "phone"),
        ({"email": "not-an-e-mail"}, "email"),
        ({"name": "   "}, "name"),
        ({"card_number": "x" * 41}, "card_number"),
    ],
)
def test_a_bad_value_is_refused_with_its_field_and_nothing_changes(api, maria, body, field):
    response = api.patch(f"/clients/{maria.pk}", body)

    assert response.status_code == 422
    assert any(e.split(".")[0] == field for e in _error_fields(response.json()))
    maria.refresh_from_db()
    assert maria.version == 1 and maria.birth_date is None and maria.gender == ""


def _error_fields(problem):
    errors = problem.get("errors", {})
    return list(errors) if isinstance(errors, dict) else [e.get("field", "") for e in errors]


def test_a_phone_of_another_client_is_refused_on_the_card(salon, api, maria):
    other = create_client(actor=salon.actor(), name="Ann", phone="+12125550102")

    response = api.patch(f"/clients/{other.pk}", {"phone": "(212) 555-0101"})

    assert response.status_code in (409, 422)
    assert "Maria Lopez" in response.json()["detail"] + str(response.json().get("errors"))


@pytest.fixture
def base(salon):
    actor = salon.actor()
    return {
        "olga": create_client(actor=actor, name="Ольга Иванова", phone="+79161230101"),
        "ivan": create_client(actor=actor, name="Ivan Petrov", phone="+12125550199"),
        "mary": create_client(
            actor=actor,
            name="Mary Jones",
            phone="+447911123456",
            email="mary@example.com",
            card_number="C-777",
        ),
    }


def names(response):
    assert response.status_code == 200, response.json()
    return {c["name"] for c in response.json()}


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("ольга", {"Ольга Иванова"}),  # any case, beyond ASCII
        ("ИВАН", {"Ольга Иванова"}),
        ("ivan", {"Ivan Petrov"}),
        ("0101", {"Ольга Иванова"}),
        ("+7 916", {"Ольга Иванова"}),
        ("8 916 123", {"Ольга Иванова"}),  # the national form, with its trunk prefix
        ("07911 123", {"Mary Jones"}),
        ("555-0199", {"Ivan Petrov"}),
        ("MARY@EXAMPLE", {"Mary Jones"}),
        ("c-777", {"Mary Jones"}),
        ("zebedee", set()),
    ],
)
def test_the_base_is_searched_by_any_part_of_the_name_phone_e_mail_or_card(api, base, typed, found):
    assert names(api.get("/clients", q=typed)) == found


def test_the_filters_narrow_the_list(salon, api, base):
    actor = salon.actor()
    update_client(actor=actor, client_id=base["mary"].pk, importance="gold")
    this_month = date.today().replace(day=1, year=1990)
    update_client(actor=actor, client_id=base["ivan"].pk, birth_date=this_month)

    assert names(api.get("/clients", importance="gold")) == {"Mary Jones"}
    assert names(api.get("/clients", importance="")) == {"Ольга Иванова", "Ivan Petrov"}
    assert names(api.get("/clients", birthday_month=this_month.month)) == {"Ivan Petrov"}
    assert api.get("/clients", birthday_month=13).status_code == 422


def test_the_prediscount_starts_the_lines_of_a_new_visit(salon, api, maria):
    actor = salon.actor()
    update_client(actor=actor, client_id=maria.pk, prediscount=Decimal("10"))

    visit = salon.book(start=salon.at(next_weekday(2), "10:00"), client_id=maria.pk)

    detail = api.get(f"/bookings/{visit.pk}/visit").json()
    line = detail["services"][0]
    assert (line["discount_kind"], line["discount_value"]) == ("percent", "10.00")
    assert detail["totals"]["total"] == "36.00"


def test_a_discount_typed_for_the_line_wins_over_the_prediscount(salon, maria):
    from salonbook.visits.lines import ServiceRequest

    actor = salon.actor()
    update_client(actor=actor, client_id=maria.pk, prediscount=Decimal("10"))

    visit = salon.book(start=salon.at(next_weekday(2), "10:00"), client_id=maria.pk)
    update_booking(
        actor=actor,
        booking_id=visit.pk,
        services=[
            ServiceRequest(service_id=salon.services[0].pk),
            ServiceRequest(service_id=salon.services[2].pk, discount_kind=""),
        ],
    )

    lines = {line.service_id: line for line in visit.services.all()}
    assert lines[salon.services[0].pk].discount_value == Decimal("10.00")  # as booked
    assert lines[salon.services[2].pk].discount_kind == ""


def test_a_product_sold_to_the_client_takes_the_prediscount_unless_one_is_given(salon, maria):
    from tests.stock import product as make_product
    from tests.stock import receive, storage

    actor = salon.actor()
    update_client(actor=actor, client_id=maria.pk, prediscount=Decimal("20"))
    visit = salon.book(start=salon.at(next_weekday(2), "10:00"), client_id=maria.pk)
    shelf = storage(salon)
    product = make_product(salon)
    receive(salon, shelf, {product: 5})

    with_prediscount = sell_product(actor=actor, booking_id=visit.pk, product_id=product.pk)
    without = sell_product(
        actor=actor, booking_id=visit.pk, product_id=product.pk, discount_kind=""
    )

    assert (with_prediscount.discount_kind, with_prediscount.discount_value) == (
        "percent",
        Decimal("20.00"),
    )
    assert without.discount_kind == ""


def test_phones_are_masked_in_the_api_without_the_right(salon, login_as, maria):
    role = Role.objects.get(chain=salon.chain, key="specialist")
    role.permissions = [p for p in role.permissions if p != "clients.view_phone"]
    role.save()
    api = login_as("specialist")

    assert api.get(f"/clients/{maria.pk}").json()["phone"] == "+1 ********01"
    assert names(api.get("/clients", q="0101")) == set()  # no narrowing a masked number down
    assert names(api.get("/clients", q="+1 212 555 0101")) == {"Maria Lopez"}


def test_the_search_columns_follow_every_change(salon, maria):
    update_client(
        actor=salon.actor(), client_id=maria.pk, name="Maria Garcia", phone="+79161112233"
    )

    stored = Client.objects.get(pk=maria.pk)
    assert stored.search_text == "maria garcia"
    assert stored.phone_digits == "79161112233 89161112233"


def test_a_card_named_by_its_phone_is_masked_and_not_found_by_digits_without_the_right(
    salon, login_as
):
    from salonbook.clients.services import find_or_create_client

    walk_in = find_or_create_client(actor=salon.actor(), phone="+12125550177")
    role = Role.objects.get(chain=salon.chain, key="specialist")
    role.permissions = [p for p in role.permissions if p != "clients.view_phone"]
    role.save()
    api = login_as("specialist")

    assert api.get(f"/clients/{walk_in.pk}").json()["name"] == "+1 ********77"
    assert names(api.get("/clients", q="0177")) == set()
    assert names(login_as("owner").get("/clients", q="0177")) == {"+12125550177"}


def test_a_booking_given_to_another_client_prices_new_lines_with_their_prediscount(salon, maria):
    from salonbook.visits.clients import NewClient
    from salonbook.visits.lines import ServiceRequest

    actor = salon.actor()
    update_client(actor=actor, client_id=maria.pk, prediscount=Decimal("30"))
    visit = salon.book(start=salon.at(next_weekday(2), "10:00"), client_id=maria.pk)

    update_booking(
        actor=actor,
        booking_id=visit.pk,
        new_client=NewClient(phone="+12125550188", name="Walk-in"),
        services=[
            ServiceRequest(service_id=salon.services[0].pk),
            ServiceRequest(service_id=salon.services[2].pk),
        ],
    )

    added = visit.services.get(service_id=salon.services[2].pk)
    assert (added.discount_kind, added.discount_value) == ("", Decimal("0"))


def test_a_new_client_whose_phone_is_a_regulars_gets_the_regulars_prediscount(salon, maria):
    from salonbook.visits.clients import NewClient

    update_client(actor=salon.actor(), client_id=maria.pk, prediscount=Decimal("15"))

    visit = salon.book(
        start=salon.at(next_weekday(2), "10:00"), new_client=NewClient(phone="(212) 555-0101")
    )

    line = visit.services.get()
    assert visit.client_id == maria.pk
    assert (line.discount_kind, line.discount_value) == ("percent", Decimal("15.00"))


def test_a_discount_kind_named_without_a_value_does_not_take_the_prediscount_as_its_value(
    salon, api, maria
):
    update_client(actor=salon.actor(), client_id=maria.pk, prediscount=Decimal("30"))
    visit = salon.book(start=salon.at(next_weekday(2), "10:00"), client_id=maria.pk)

    response = api.patch(
        f"/bookings/{visit.pk}",
        {
            "services": [
                {"service_id": salon.services[0].pk},
                {"service_id": salon.services[1].pk, "discount_kind": "amount"},
            ]
        },
    )

    assert response.status_code == 200, response.json()
    added = visit.services.get(service_id=salon.services[1].pk)
    assert (added.discount_kind, added.discount_value) == ("amount", Decimal("0"))


def test_saving_a_card_unchanged_makes_no_new_version_and_no_event(salon, api, maria):
    from salonbook.sync.models import ChangeEvent

    before = ChangeEvent.objects.count()

    response = api.patch(
        f"/clients/{maria.pk}",
        {"name": "Maria Lopez", "phone": "(212) 555-0101", "prediscount": "0", "gender": ""},
    )

    assert response.status_code == 200 and response.json()["version"] == 1
    assert ChangeEvent.objects.count() == before


def test_a_long_name_and_e_mail_fit_the_search_column(api):
    response = api.post(
        "/clients",
        {"name": "Straße " * 28, "email": ("x" * 60 + ".") * 3 + "x" * 40 + "@example.com"},
    )

    assert response.status_code == 201, response.json()
    assert names(api.get("/clients", q="strasse")) == {("Straße " * 28).strip()}


def test_a_form_body_with_an_idempotency_key_to_a_json_operation_is_refused_not_a_crash(api):
    response = api.client.post(
        "/api/v1/clients", {"name": "Form"}, headers={"Idempotency-Key": "k-1"}
    )

    assert response.status_code == 415


def test_a_nul_in_the_search_is_dropped_before_the_database_sees_it(salon, maria):
    from salonbook.clients.selectors import matching_clients

    found = matching_clients(actor=salon.actor(), query="Mar" + chr(0) + "ia")

    assert [c.name for c in found] == ["Maria Lopez"]
