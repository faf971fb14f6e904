"""A product's card (/settings/products/new/ and /settings/products/<id>/, inventory's page, as
it shows the stock): created, edited and withdrawn, its stock shown, and the refusals (bad
input, a stale form, read-only specialists, other chains)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from salonbook.catalog.models import Product
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
from tests.stock import product, receive, storage

pytestmark = pytest.mark.django_db


def product_form(item: Product, **changes):
    data = {
        "name": item.name,
        "sku": item.sku,
        "barcode": item.barcode,
        "unit": item.unit,
        "price": str(item.price),
        "cost": str(item.cost),
        "for_sale": "on" if item.for_sale else "",
        "is_consumable": "on" if item.is_consumable else "",
        "is_active": "on" if item.is_active else "",
        "sort_order": item.sort_order,
        "version": item.version,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_a_consumable_is_created_with_its_money_rounded_to_cents(salon):
    form = {
        "name": "Developer 6%",
        "unit": "ml",
        "price": "0",
        "cost": "0.125",
        "is_consumable": "on",
        "sort_order": "0",
    }

    response = browser_as(salon).post("/settings/products/new/", form, follow=True)

    made = Product.objects.get(chain=salon.chain)
    assert (made.unit, made.cost, made.for_sale, made.is_consumable) == (
        "ml",
        Decimal("0.13"),
        False,
        True,
    )
    assert "Product “Developer 6%” was created." in said(response)
    assert ("product", made.pk, "created") in events(salon, "product")


def test_a_product_neither_for_sale_nor_consumable_is_shown_again_and_not_written(salon):
    before = event_count(salon)
    form = {"name": "Nothing", "unit": "pcs", "price": "1", "cost": "1", "sort_order": "0"}

    errors = refused_form(browser_as(salon).post("/settings/products/new/", form))

    assert "for_sale" in errors
    assert not Product.objects.exists() and event_count(salon) == before


def test_a_taken_sku_and_bad_money_are_shown_on_their_fields(salon):
    product(salon, "Shampoo", sku="SH-1")
    form = {"name": "Another", "unit": "pcs", "price": "-1", "cost": "x", "sku": "SH-1"}

    errors = refused_form(browser_as(salon).post("/settings/products/new/", form))
    assert {"price", "cost"} <= set(errors)

    form.update(price="1", cost="1", for_sale="on", sort_order="0")
    errors = refused_form(browser_as(salon).post("/settings/products/new/", form))
    assert "Shampoo" in errors["sku"][0]
    assert Product.objects.count() == 1


def test_a_product_is_edited_and_withdrawn_and_its_stock_is_shown(salon):
    shampoo = product(salon, "Shampoo")
    receive(salon, storage(salon), {shampoo: 4})
    browser = browser_as(salon)

    page = main_of(browser.get(f"/settings/products/{shampoo.pk}/"))
    response = browser.post(
        f"/settings/products/{shampoo.pk}/",
        product_form(shampoo, price="21,5", is_active=""),
        follow=True,
        headers={"Accept-Language": "ru"},
    )

    assert "Main storage" in page and "4" in page
    shampoo.refresh_from_db()
    assert (shampoo.price, shampoo.is_active, shampoo.version) == (Decimal("21.50"), False, 2)
    assert len(said(response)) == 1


def test_a_stale_product_form_is_refused_with_the_reason(salon):
    shampoo = product(salon, "Shampoo")
    stale = product_form(shampoo, price="30")
    browser_as(salon).post(f"/settings/products/{shampoo.pk}/", product_form(shampoo, name="New"))

    errors = refused_form(browser_as(salon).post(f"/settings/products/{shampoo.pk}/", stale))

    assert "changed by someone else" in errors["__all__"][0]
    shampoo.refresh_from_db()
    assert shampoo.price == Decimal("20.00")


def test_a_specialist_sees_a_product_read_only_and_may_not_post(salon):
    shampoo = product(salon, "Shampoo")
    specialist = browser_as(salon, "specialist")

    response = specialist.get(f"/settings/products/{shampoo.pk}/")
    assert response.context["form"].read_only
    assert "You may see this product but not change it." in main_of(response)
    forbidden(
        specialist.post(f"/settings/products/{shampoo.pk}/", product_form(shampoo, price="1"))
    )
    forbidden(specialist.get("/settings/products/new/"))
    shampoo.refresh_from_db()
    assert shampoo.price == Decimal("20.00")


def test_another_chains_product_page_is_not_found(salon):
    theirs = product(make_salon(name="Elsewhere"), "Theirs")

    not_found(browser_as(salon).get(f"/settings/products/{theirs.pk}/"))
    not_found(browser_as(salon).post(f"/settings/products/{theirs.pk}/", product_form(theirs)))
