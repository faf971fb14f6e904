"""Products (for sale and consumables) through the API."""

from __future__ import annotations

from decimal import Decimal

import pytest

from salonbook.catalog.models import Product
from salonbook.sync.models import ChangeEvent
from tests.helpers_api import change_count, not_allowed, not_found, problem, refused_for_field
from tests.salon import make_salon
from tests.stock import consumable, product

pytestmark = pytest.mark.django_db


def product_body(**extra):
    return {"name": "Argan oil shampoo", "price": "24.00", "cost": "9.50", **extra}


def names(response):
    assert response.status_code == 200, response.content
    return [p["name"] for p in response.json()]


# --- create ----------------------------------------------------------------------------------


def test_a_product_is_created_for_sale_with_its_money_in_cents(salon, api):
    response = api.post("/products", product_body(sku="SH-01", barcode="4006381333931"))

    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["price"], data["cost"], data["unit"]) == ("24.00", "9.50", "pcs")
    assert (data["for_sale"], data["is_consumable"], data["is_active"]) == (True, False, True)
    assert data["version"] == 1
    stored = Product.objects.get(pk=data["id"])
    assert (stored.chain_id, stored.sku, stored.barcode) == (
        salon.chain.pk,
        "SH-01",
        "4006381333931",
    )
    assert ChangeEvent.objects.filter(entity="product", entity_id=stored.pk).exists()


def test_a_consumable_is_created_in_millilitres(salon, api):
    body = product_body(name="Hair dye 6.0", unit="ml", for_sale=False, is_consumable=True)

    data = api.post("/products", body).json()

    assert (data["unit"], data["for_sale"], data["is_consumable"]) == ("ml", False, True)


def test_a_product_that_is_neither_for_sale_nor_a_consumable_is_refused(salon, api):
    refused_for_field(api.post("/products", product_body(for_sale=False)), "for_sale")
    assert not Product.objects.filter(chain=salon.chain).exists()


def test_an_sku_is_unique_in_the_chain_but_may_repeat_in_another(salon, api, login_as):
    product(salon, "Conditioner", sku="SKU-1")

    messages = refused_for_field(api.post("/products", product_body(sku="SKU-1")), "sku")

    assert "Conditioner" in messages[0]
    other = make_salon(name="Elsewhere")
    assert (
        login_as("owner", of=other).post("/products", product_body(sku="SKU-1")).status_code == 201
    )
    # Products without an SKU do not collide.
    assert api.post("/products", product_body(name="A")).status_code == 201
    assert api.post("/products", product_body(name="B")).status_code == 201


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"price": "-1"}, "price"),
        ({"cost": "1.234"}, "cost"),
        ({"price": "NaN"}, "price"),
        ({"unit": "bucket"}, "unit"),
        ({"name": ""}, "name"),
        ({"sku": "x" * 65}, "sku"),
        ({"name": None}, "name"),
    ],
)
def test_bad_product_input_is_refused_naming_the_field(salon, api, change, field):
    existing = product(salon)
    before = (Product.objects.count(), change_count(salon.chain.pk))

    refused_for_field(api.post("/products", product_body(**change)), field)
    refused_for_field(api.patch(f"/products/{existing.pk}", change), field)

    assert (Product.objects.count(), change_count(salon.chain.pk)) == before
    existing.refresh_from_db()
    assert (existing.name, existing.price, existing.version) == ("Shampoo", Decimal("20.00"), 1)


# --- list and search -------------------------------------------------------------------------


def test_products_are_searched_by_name_sku_or_barcode(salon, api):
    product(salon, "Argan shampoo", sku="ARG-1", barcode="111222")
    product(salon, "Hair spray", sku="SPR-9", barcode="999888")

    assert names(api.get("/products", q="argan")) == ["Argan shampoo"]
    assert names(api.get("/products", q="spr-")) == ["Hair spray"]
    assert names(api.get("/products", q="1222")) == ["Argan shampoo"]
    assert names(api.get("/products", q="nothing")) == []


def test_products_are_filtered_by_what_they_are_for_and_whether_active(salon, api):
    product(salon, "Shampoo")
    consumable(salon, "Developer")
    product(salon, "Mask", is_consumable=True)
    withdrawn = product(salon, "Old gel")
    api.patch(f"/products/{withdrawn.pk}", {"is_active": False})

    assert names(api.get("/products")) == ["Developer", "Mask", "Shampoo"]
    assert names(api.get("/products", for_sale="true")) == ["Mask", "Shampoo"]
    assert names(api.get("/products", consumable="true")) == ["Developer", "Mask"]
    assert names(api.get("/products", for_sale="false")) == ["Developer"]
    assert "Old gel" in names(api.get("/products", include_inactive="true"))


def test_products_of_another_chain_are_not_listed(salon, api):
    theirs = product(make_salon(name="Elsewhere"), "Their shampoo")

    assert theirs.name not in names(api.get("/products"))


# --- get and patch ---------------------------------------------------------------------------


def test_get_returns_the_product_with_an_etag_to_a_specialist_too(salon, login_as):
    shampoo = product(salon)

    response = login_as("specialist").get(f"/products/{shampoo.pk}")

    assert response.status_code == 200
    assert response.json()["name"] == "Shampoo"
    assert response["ETag"] == '"1"'


def test_patch_with_if_match_changes_and_withdraws_the_product(salon, api):
    shampoo = product(salon)

    response = api.patch(
        f"/products/{shampoo.pk}",
        {"price": "22.5", "is_active": False, "sku": " SH-2 "},
        headers={"If-Match": '"1"'},
    )

    assert response.status_code == 200, response.content
    assert response["ETag"] == '"2"'
    shampoo.refresh_from_db()
    assert (shampoo.price, shampoo.is_active, shampoo.sku) == (Decimal("22.50"), False, "SH-2")


def test_patch_with_a_stale_if_match_gets_412_and_changes_nothing(salon, api):
    shampoo = product(salon)
    api.patch(f"/products/{shampoo.pk}", {"name": "Shampoo 250 ml"})

    body = problem(
        api.patch(f"/products/{shampoo.pk}", {"price": "1.00"}, headers={"If-Match": '"1"'}), 412
    )

    assert body["current_version"] == 2
    shampoo.refresh_from_db()
    assert shampoo.price == Decimal("20.00")


def test_a_consumable_used_by_a_bill_of_materials_stays_a_consumable(salon, api):
    dye = consumable(salon)
    api.put(
        f"/services/{salon.services[1].pk}/bill-of-materials",
        {"items": [{"product_id": dye.pk, "quantity": "60"}]},
    )

    messages = refused_for_field(
        api.patch(f"/products/{dye.pk}", {"is_consumable": False, "for_sale": True}),
        "is_consumable",
    )

    assert "Coloring" in messages[0]
    dye.refresh_from_db()
    assert dye.is_consumable and not dye.for_sale


# --- rights and chains -----------------------------------------------------------------------


def test_a_specialist_sees_products_but_may_not_create_or_change_them(salon, login_as):
    shampoo = product(salon)
    specialist = login_as("specialist")

    assert names(specialist.get("/products")) == ["Shampoo"]
    not_allowed(specialist.post("/products", product_body()))
    not_allowed(specialist.patch(f"/products/{shampoo.pk}", {"price": "0.00"}))
    shampoo.refresh_from_db()
    assert (Product.objects.filter(chain=salon.chain).count(), shampoo.price) == (
        1,
        Decimal("20.00"),
    )


def test_an_administrator_manages_products(salon, login_as):
    administrator = login_as("administrator")

    assert administrator.post("/products", product_body()).status_code == 201


def test_another_chains_product_is_not_found(salon, login_as):
    shampoo = product(salon)
    outsider = login_as("owner", of=make_salon(name="Elsewhere"))

    not_found(outsider.get(f"/products/{shampoo.pk}"))
    not_found(outsider.patch(f"/products/{shampoo.pk}", {"price": "0.00"}))
    shampoo.refresh_from_db()
    assert shampoo.price == Decimal("20.00")
