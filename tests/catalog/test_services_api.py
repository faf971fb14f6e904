"""Service categories, services, and who performs what, through the API."""

from __future__ import annotations

from decimal import Decimal

import pytest

from salonbook.catalog.models import Service, ServiceCategory, StaffService
from salonbook.sync.models import ChangeEvent
from tests.helpers_api import change_count, not_allowed, not_found, problem, refused_for_field
from tests.salon import make_salon

pytestmark = pytest.mark.django_db


def service_body(**extra):
    return {"name": "Manicure", "duration_minutes": 45, "price": "30.00", **extra}


def links_of(member):
    return sorted(
        (link.service_id, link.price, link.duration_minutes)
        for link in StaffService.objects.filter(staff=member)
    )


# --- categories -------------------------------------------------------------------------


def test_categories_are_created_listed_and_renamed(salon, api):
    created = api.post("/service-categories", {"name": "Nails", "sort_order": -1})

    assert created.status_code == 201, created.content
    category = created.json()
    assert [c["name"] for c in api.get("/service-categories").json()] == ["Nails", "Hair"]

    renamed = api.patch(f"/service-categories/{category['id']}", {"name": "Nail care"})
    assert renamed.status_code == 200
    assert ServiceCategory.objects.get(pk=category["id"]).name == "Nail care"


def test_an_empty_category_name_is_refused(salon, api):
    refused_for_field(api.post("/service-categories", {"name": ""}), "name")
    assert ServiceCategory.objects.filter(chain=salon.chain).count() == 1


def test_another_chains_categories_are_invisible_and_untouchable(salon, login_as):
    other = make_salon(name="Elsewhere")
    outsider = login_as("owner", of=other)
    ours = ServiceCategory.objects.get(chain=salon.chain)

    assert ours.pk not in {c["id"] for c in outsider.get("/service-categories").json()}
    not_found(outsider.patch(f"/service-categories/{ours.pk}", {"name": "Mine"}))
    ours.refresh_from_db()
    assert ours.name == "Hair"


def test_a_specialist_sees_categories_but_may_not_change_them(salon, login_as):
    specialist = login_as("specialist")
    ours = ServiceCategory.objects.get(chain=salon.chain)

    assert specialist.get("/service-categories").status_code == 200
    not_allowed(specialist.post("/service-categories", {"name": "Nails"}))
    not_allowed(specialist.patch(f"/service-categories/{ours.pk}", {"name": "Mine"}))
    assert ServiceCategory.objects.filter(chain=salon.chain).count() == 1


# --- services: list ---------------------------------------------------------------------


def test_services_are_listed_for_the_chain_only(salon, api):
    other = make_salon(name="Elsewhere")

    listed = {s["id"] for s in api.get("/services").json()}

    assert listed == {s.pk for s in salon.services}
    assert not listed & {s.pk for s in other.services}


def test_services_filtered_by_staff_member_are_those_they_perform(salon, api):
    first = {s["name"] for s in api.get("/services", staff_id=salon.staff[0].pk).json()}
    second = {s["name"] for s in api.get("/services", staff_id=salon.staff[1].pk).json()}

    assert first == {"Haircut", "Coloring", "Beard trim"}
    assert second == {"Haircut", "Coloring"}


def test_services_are_searched_by_a_fragment_of_the_name(salon, api):
    assert [s["name"] for s in api.get("/services", q="CUT").json()] == ["Haircut"]
    assert [
        s["name"] for s in api.get("/services", q="trim", staff_id=salon.staff[1].pk).json()
    ] == []
    assert api.get("/services", q="massage").json() == []


def test_inactive_services_are_hidden_unless_asked_for(salon, api):
    api.patch(f"/services/{salon.services[2].pk}", {"is_active": False})

    assert "Beard trim" not in {s["name"] for s in api.get("/services").json()}
    assert "Beard trim" in {s["name"] for s in api.get("/services", include_inactive="true").json()}


def test_a_staff_member_of_another_chain_yields_no_services(salon, api):
    other = make_salon(name="Elsewhere")

    assert api.get("/services", staff_id=other.staff[0].pk).json() == []


# --- services: create, get, patch -------------------------------------------------------


def test_a_service_is_created_in_a_category(salon, api):
    category = api.post("/service-categories", {"name": "Nails"}).json()

    response = api.post(
        "/services", service_body(category_id=category["id"], description="Classic")
    )

    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["category_id"], data["duration_minutes"], data["version"]) == (
        category["id"],
        45,
        1,
    )
    assert Decimal(data["price"]) == Decimal("30.00")
    assert Service.objects.get(pk=data["id"]).chain_id == salon.chain.pk


def test_prices_are_given_back_with_the_currencys_two_decimals(salon, api):
    created = api.post("/services", service_body(price="12.5")).json()
    patched = api.patch(f"/services/{created['id']}", {"price": "7"}).json()

    assert created["price"] == "12.50"
    assert patched["price"] == "7.00"
    assert api.get(f"/services/{created['id']}").json()["price"] == "7.00"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"price": "-0.01"}, "price"),
        ({"price": "10.999"}, "price"),
        ({"price": "abc"}, "price"),
        ({"duration_minutes": 4}, "duration_minutes"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 24 * 60 + 1}, "duration_minutes"),
        ({"name": ""}, "name"),
        ({"category_id": 999999}, "category_id"),
    ],
)
def test_bad_service_input_is_refused_naming_the_field(salon, api, change, field):
    before = (Service.objects.count(), change_count(salon.chain.pk))

    refused_for_field(api.post("/services", service_body(**change)), field)
    refused_for_field(api.patch(f"/services/{salon.services[0].pk}", change), field)

    assert (Service.objects.count(), change_count(salon.chain.pk)) == before
    salon.services[0].refresh_from_db()
    assert (salon.services[0].price, salon.services[0].version) == (Decimal("40.00"), 1)


def test_a_missing_price_or_duration_is_refused(salon, api):
    refused_for_field(api.post("/services", {"name": "Free", "duration_minutes": 30}), "price")
    refused_for_field(api.post("/services", {"name": "Free", "price": "1"}), "duration_minutes")


def test_another_chains_category_cannot_be_used(salon, api):
    other = make_salon(name="Elsewhere")
    theirs = ServiceCategory.objects.get(chain=other.chain)

    refused_for_field(api.post("/services", service_body(category_id=theirs.pk)), "category_id")
    refused_for_field(
        api.patch(f"/services/{salon.services[0].pk}", {"category_id": theirs.pk}), "category_id"
    )
    assert not Service.objects.filter(chain=salon.chain, category=theirs).exists()


def test_get_returns_the_service_with_an_etag(salon, login_as):
    response = login_as("specialist").get(f"/services/{salon.services[1].pk}")

    assert response.status_code == 200
    assert response.json()["name"] == "Coloring"
    assert response.json()["price"] == "85.50"
    assert response["ETag"] == '"1"'


def test_patch_with_if_match_changes_the_service(salon, api):
    service = salon.services[0]

    response = api.patch(
        f"/services/{service.pk}",
        {"price": "45.00", "duration_minutes": 50, "category_id": None},
        headers={"If-Match": '"1"'},
    )

    assert response.status_code == 200, response.content
    assert response["ETag"] == '"2"'
    service.refresh_from_db()
    assert (service.price, service.duration_minutes, service.category_id) == (
        Decimal("45.00"),
        50,
        None,
    )


def test_patch_with_a_stale_if_match_gets_412(salon, api):
    service = salon.services[0]
    api.patch(f"/services/{service.pk}", {"description": "First"})

    body = problem(
        api.patch(f"/services/{service.pk}", {"price": "1.00"}, headers={"If-Match": '"1"'}), 412
    )

    assert body["current_version"] == 2
    service.refresh_from_db()
    assert service.price == Decimal("40.00")


def test_a_specialist_may_not_create_or_edit_services(salon, login_as):
    specialist = login_as("specialist")

    not_allowed(specialist.post("/services", service_body()))
    not_allowed(specialist.patch(f"/services/{salon.services[0].pk}", {"price": "0.00"}))

    assert Service.objects.filter(chain=salon.chain).count() == 3
    salon.services[0].refresh_from_db()
    assert salon.services[0].price == Decimal("40.00")


def test_another_chains_service_is_not_found(salon, login_as):
    other = make_salon(name="Elsewhere")
    outsider = login_as("owner", of=other)
    service = salon.services[0]

    not_found(outsider.get(f"/services/{service.pk}"))
    not_found(outsider.patch(f"/services/{service.pk}", {"price": "0.00"}))
    service.refresh_from_db()
    assert service.price == Decimal("40.00")


# --- who performs what ------------------------------------------------------------------


def test_staff_services_are_replaced_with_own_price_and_duration(salon, api):
    member = salon.staff[1]
    haircut, coloring, beard = salon.services

    response = api.put(
        f"/staff/{member.pk}/services",
        {
            "services": [
                {"service_id": haircut.pk, "price": "35.00", "duration_minutes": 45},
                {"service_id": beard.pk},
            ]
        },
    )

    assert response.status_code == 200, response.content
    by_id = {row["service_id"]: row for row in response.json()}
    assert set(by_id) == {haircut.pk, beard.pk}
    assert (by_id[haircut.pk]["price"], by_id[haircut.pk]["duration_minutes"]) == ("35.00", 45)
    assert (by_id[haircut.pk]["own_price"], by_id[haircut.pk]["own_duration_minutes"]) == (
        "35.00",
        45,
    )
    assert (by_id[beard.pk]["price"], by_id[beard.pk]["duration_minutes"]) == ("15.00", 30)
    assert (by_id[beard.pk]["own_price"], by_id[beard.pk]["own_duration_minutes"]) == (None, None)
    assert api.get(f"/staff/{member.pk}/services").json() == response.json()
    assert links_of(member) == sorted([(haircut.pk, Decimal("35.00"), 45), (beard.pk, None, None)])
    assert ChangeEvent.objects.filter(
        entity="staff", entity_id=member.pk, action="services_set"
    ).exists()


def test_an_empty_list_leaves_the_member_with_no_services(salon, api):
    member = salon.staff[1]

    assert api.put(f"/staff/{member.pk}/services", {"services": []}).json() == []
    assert api.get("/services", staff_id=member.pk).json() == []


def test_a_service_listed_twice_is_refused_and_the_old_links_stay(salon, api):
    member = salon.staff[1]
    before = links_of(member)
    haircut = salon.services[0]

    response = api.put(
        f"/staff/{member.pk}/services",
        {"services": [{"service_id": haircut.pk}, {"service_id": haircut.pk, "price": "1"}]},
    )

    refused_for_field(response, "services")
    assert links_of(member) == before


def test_another_chains_or_an_unknown_service_is_refused(salon, api):
    other = make_salon(name="Elsewhere")
    member = salon.staff[1]
    before = links_of(member)

    for service_id in (other.services[0].pk, 999999):
        response = api.put(
            f"/staff/{member.pk}/services",
            {"services": [{"service_id": salon.services[0].pk}, {"service_id": service_id}]},
        )
        refused_for_field(response, "services")

    assert links_of(member) == before
    assert not StaffService.objects.filter(service__chain=other.chain, staff=member).exists()


@pytest.mark.parametrize(
    "item",
    [{"price": "-5.00"}, {"price": "5.555"}, {"duration_minutes": 4}],
)
def test_a_bad_own_price_or_duration_is_refused(salon, api, item):
    member = salon.staff[1]
    before = links_of(member)

    response = api.put(
        f"/staff/{member.pk}/services", {"services": [{"service_id": salon.services[0].pk, **item}]}
    )

    errors = problem(response, 422)["errors"]
    assert any(key.endswith(next(iter(item))) for key in errors), errors
    assert links_of(member) == before


def test_a_specialist_may_see_but_not_set_staff_services(salon, login_as):
    specialist = login_as("specialist")
    member = salon.staff[0]
    before = links_of(member)

    assert specialist.get(f"/staff/{member.pk}/services").status_code == 200
    not_allowed(specialist.put(f"/staff/{member.pk}/services", {"services": []}))
    assert links_of(member) == before


def test_another_chains_staff_member_services_are_not_found(salon, login_as):
    other = make_salon(name="Elsewhere")
    outsider = login_as("owner", of=other)
    member = salon.staff[0]
    before = links_of(member)

    not_found(outsider.get(f"/staff/{member.pk}/services"))
    not_found(
        outsider.put(
            f"/staff/{member.pk}/services", {"services": [{"service_id": other.services[0].pk}]}
        )
    )
    assert links_of(member) == before
