"""The product list and a service's bill of materials page. A product's card:
tests/inventory/test_product_card_pages.py."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from salonbook.catalog.models import Product, ServiceMaterial
from salonbook.catalog.services import MaterialLine, set_bill_of_materials
from tests.pages import browser_as
from tests.salon import make_salon
from tests.settings_pages import (
    forbidden,
    main_of,
    not_found,
    refused_form,
    said,
)
from tests.stock import consumable, product

pytestmark = pytest.mark.django_db


def card_of(service):
    return list(
        ServiceMaterial.objects.filter(service=service)
        .order_by("position")
        .values_list("product__name", "quantity")
    )


# --- the list ------------------------------------------------------------------------------


def test_products_are_listed_searched_and_filtered(salon):
    product(salon, "Argan shampoo", sku="ARG-1")
    consumable(salon, "Hair dye")
    withdrawn = product(salon, "Old gel")
    Product.objects.filter(pk=withdrawn.pk).update(is_active=False)
    browser = browser_as(salon)

    def listed(**query):
        return [p.name for p in browser.get("/settings/products/", query).context["products"]]

    assert listed() == ["Argan shampoo", "Hair dye"]
    assert listed(q="arg-") == ["Argan shampoo"]
    assert listed(kind="consumable") == ["Hair dye"]
    assert listed(kind="sale") == ["Argan shampoo"]
    assert listed(status="inactive") == ["Old gel"]
    assert listed(status="all", kind="nonsense") == ["Argan shampoo", "Hair dye", "Old gel"]
    page = main_of(browser.get("/settings/products/"))
    assert "$20.00" in page and "ARG-1" in page and "Consumable" in page


def test_a_specialist_sees_products_without_the_button_to_add_one(salon):
    product(salon, "Shampoo")

    page = main_of(browser_as(salon, "specialist").get("/settings/products/"))

    assert "Shampoo" in page and "/settings/products/new/" not in page


# --- a service's bill of materials -----------------------------------------------------------


def materials_form(*rows):
    return {
        "items_product": [str(p) for p, _ in rows],
        "items_quantity": [q for _, q in rows],
    }


def test_a_bill_of_materials_is_saved_from_rows_and_shown_again(salon):
    coloring = salon.services[1]
    dye, developer = consumable(salon, "Hair dye"), consumable(salon, "Developer")
    url = f"/settings/services/{coloring.pk}/materials/"

    response = browser_as(salon).post(
        url,
        # An empty row (added and left blank) is dropped; a Russian comma is read.
        materials_form((dye.pk, "60"), ("", ""), (developer.pk, "90,5")),
        follow=True,
        headers={"Accept-Language": "ru"},
    )

    assert card_of(coloring) == [("Hair dye", Decimal(60)), ("Developer", Decimal("90.5"))]
    assert len(said(response)) == 1
    page = main_of(browser_as(salon).get(url))
    assert 'value="60"' in page and 'value="90.5"' in page
    assert "Bill of materials" in main_of(
        browser_as(salon).get(f"/settings/services/{coloring.pk}/")
    )


def test_bad_rows_of_a_bill_of_materials_are_shown_and_the_card_stays(salon):
    coloring = salon.services[1]
    dye = consumable(salon, "Hair dye")
    set_bill_of_materials(
        actor=salon.actor(), service_id=coloring.pk, items=[MaterialLine(dye.pk, Decimal(60))]
    )
    url = f"/settings/services/{coloring.pk}/materials/"
    browser = browser_as(salon)

    errors = refused_form(browser.post(url, materials_form((dye.pk, "0"), ("999", "1"))))
    twice = refused_form(browser.post(url, materials_form((dye.pk, "1"), (dye.pk, "2"))))

    assert len(errors["items"]) == 2 and "Line 1" in errors["items"][0]
    assert "listed twice" in twice["items"][0]
    assert card_of(coloring) == [("Hair dye", Decimal(60))]


def test_a_specialist_sees_the_bill_of_materials_read_only(salon):
    coloring = salon.services[1]
    dye = consumable(salon, "Hair dye")
    set_bill_of_materials(
        actor=salon.actor(), service_id=coloring.pk, items=[MaterialLine(dye.pk, Decimal(60))]
    )
    specialist = browser_as(salon, "specialist")
    url = f"/settings/services/{coloring.pk}/materials/"

    response = specialist.get(url)
    forbidden(specialist.post(url, materials_form((dye.pk, "1"))))

    assert response.context["form"].read_only
    assert "Add a consumable" not in main_of(response)
    assert card_of(coloring) == [("Hair dye", Decimal(60))]


def test_another_chains_service_has_no_bill_of_materials_page(salon):
    theirs = make_salon(name="Elsewhere").services[0]

    not_found(browser_as(salon).get(f"/settings/services/{theirs.pk}/materials/"))


def test_the_pages_speak_russian(salon):
    consumable(salon, "Краска")
    with translation.override("ru"):
        browser = browser_as(salon)
        hub = main_of(browser.get("/settings/", headers={"Accept-Language": "ru"}))
        page = main_of(browser.get("/settings/products/", headers={"Accept-Language": "ru"}))

    assert "Товары" in hub and "Склад" in hub
    assert "Расходный материал" in page
