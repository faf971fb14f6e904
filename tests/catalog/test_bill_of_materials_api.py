"""A service's bill of materials (its technological card) through the API."""

from __future__ import annotations

from decimal import Decimal

import pytest

from salonbook.catalog.models import ServiceMaterial
from salonbook.sync.models import ChangeEvent
from tests.helpers_api import change_count, not_allowed, not_found, refused_for_field
from tests.salon import make_salon
from tests.stock import consumable, product

pytestmark = pytest.mark.django_db


def card(service):
    return list(
        ServiceMaterial.objects.filter(service=service)
        .order_by("position")
        .values_list("product_id", "quantity")
    )


def url(service):
    return f"/services/{service.pk}/bill-of-materials"


def test_a_bill_of_materials_is_set_in_order_and_read_back(salon, api):
    coloring = salon.services[1]
    dye, developer = consumable(salon, "Hair dye"), consumable(salon, "Developer 6%")
    gloves = consumable(salon, "Gloves", unit="pcs")

    response = api.put(
        url(coloring),
        {
            "items": [
                {"product_id": dye.pk, "quantity": "60"},
                {"product_id": developer.pk, "quantity": "90.5"},
                {"product_id": gloves.pk, "quantity": "2"},
            ]
        },
    )

    assert response.status_code == 200, response.content
    rows = response.json()
    assert [(r["name"], r["unit"], r["quantity"]) for r in rows] == [
        ("Hair dye", "ml", "60.000"),
        ("Developer 6%", "ml", "90.500"),
        ("Gloves", "pcs", "2.000"),
    ]
    assert api.get(url(coloring)).json() == rows
    assert card(coloring) == [
        (dye.pk, Decimal(60)),
        (developer.pk, Decimal("90.5")),
        (gloves.pk, Decimal(2)),
    ]
    assert ChangeEvent.objects.filter(
        entity="service", entity_id=coloring.pk, action="materials_set"
    ).exists()
    coloring.refresh_from_db()
    assert coloring.version == 1  # the card is its own resource


def test_a_new_list_replaces_the_card_and_an_empty_one_clears_it(salon, api):
    coloring = salon.services[1]
    dye, developer = consumable(salon, "Hair dye"), consumable(salon, "Developer")
    api.put(url(coloring), {"items": [{"product_id": dye.pk, "quantity": "60"}]})

    api.put(url(coloring), {"items": [{"product_id": developer.pk, "quantity": "30"}]})
    assert card(coloring) == [(developer.pk, Decimal(30))]

    assert api.put(url(coloring), {"items": []}).json() == []
    assert card(coloring) == []


def test_a_specialist_reads_the_card_and_a_service_without_one_has_none(salon, login_as):
    assert login_as("specialist").get(url(salon.services[0])).json() == []


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"quantity": "0"}, "items.0.quantity"),
        ({"quantity": "-1"}, "items.0.quantity"),
        ({"quantity": "1.2345"}, "items.0.quantity"),
        ({"quantity": None}, "items.0.quantity"),
        ({"product_id": 999999}, "items.0.product_id"),
    ],
)
def test_bad_rows_are_refused_naming_the_row_and_the_old_card_stays(salon, api, item, field):
    coloring = salon.services[1]
    dye = consumable(salon)
    api.put(url(coloring), {"items": [{"product_id": dye.pk, "quantity": "60"}]})
    before = (card(coloring), change_count(salon.chain.pk))

    refused_for_field(
        api.put(url(coloring), {"items": [{"product_id": dye.pk, "quantity": "5", **item}]}),
        field,
    )

    assert (card(coloring), change_count(salon.chain.pk)) == before


def test_a_product_for_sale_only_is_not_a_consumable_of_the_card(salon, api):
    shampoo = product(salon, "Shampoo")

    messages = refused_for_field(
        api.put(url(salon.services[1]), {"items": [{"product_id": shampoo.pk, "quantity": "1"}]}),
        "items.0.product_id",
    )

    assert "Shampoo" in messages[0]
    assert card(salon.services[1]) == []


def test_a_product_listed_twice_is_refused(salon, api):
    dye = consumable(salon)
    items = [{"product_id": dye.pk, "quantity": "10"}, {"product_id": dye.pk, "quantity": "5"}]

    refused_for_field(api.put(url(salon.services[1]), {"items": items}), "items.1.product_id")
    assert card(salon.services[1]) == []


def test_a_withdrawn_consumable_stays_on_a_card_but_cannot_be_added(salon, api):
    coloring, haircut = salon.services[1], salon.services[0]
    dye = consumable(salon)
    api.put(url(coloring), {"items": [{"product_id": dye.pk, "quantity": "60"}]})
    api.patch(f"/products/{dye.pk}", {"is_active": False})

    kept = api.put(url(coloring), {"items": [{"product_id": dye.pk, "quantity": "50"}]})
    refused = api.put(url(haircut), {"items": [{"product_id": dye.pk, "quantity": "5"}]})

    assert kept.status_code == 200 and kept.json()[0]["is_active"] is False
    refused_for_field(refused, "items.0.product_id")
    assert card(haircut) == []


def test_another_chains_consumable_cannot_be_put_on_a_card(salon, api):
    theirs = consumable(make_salon(name="Elsewhere"))

    refused_for_field(
        api.put(url(salon.services[1]), {"items": [{"product_id": theirs.pk, "quantity": "1"}]}),
        "items.0.product_id",
    )
    assert card(salon.services[1]) == []


def test_a_specialist_may_not_change_a_card(salon, login_as):
    dye = consumable(salon)

    not_allowed(
        login_as("specialist").put(
            url(salon.services[1]), {"items": [{"product_id": dye.pk, "quantity": "1"}]}
        )
    )
    assert card(salon.services[1]) == []


def test_another_chains_service_card_is_not_found(salon, login_as):
    outsider_salon = make_salon(name="Elsewhere")
    outsider = login_as("owner", of=outsider_salon)
    theirs = consumable(outsider_salon)

    not_found(outsider.get(url(salon.services[1])))
    not_found(
        outsider.put(
            url(salon.services[1]), {"items": [{"product_id": theirs.pk, "quantity": "1"}]}
        )
    )
    assert card(salon.services[1]) == []
