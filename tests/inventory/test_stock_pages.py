"""The stock settings pages: storages, the stock of a storage, receipts, write-offs, history."""

from __future__ import annotations

from decimal import Decimal

import pytest

from salonbook.chains.services import create_location
from salonbook.inventory.models import Storage
from tests.pages import browser_as
from tests.salon import make_salon
from tests.settings_pages import (
    event_count,
    forbidden,
    main_of,
    not_found,
    refused_form,
    said,
)
from tests.stock import consumable, in_stock, ledger, product, receive, sell, storage

pytestmark = pytest.mark.django_db


@pytest.fixture
def stocked(salon):
    main = storage(salon)
    shampoo, dye = product(salon, "Shampoo"), consumable(salon, "Hair dye", cost=Decimal("0.12"))
    receive(salon, main, {shampoo: 5, dye: 500})
    return main, shampoo, dye


def rows(*lines, cost=False):
    data = {
        "lines_product": [str(p) for p, *_ in lines],
        "lines_quantity": [q for _, q, *_ in lines],
    }
    if cost:
        data["lines_cost"] = [c for *_, c in lines]
    return data


# --- storages ------------------------------------------------------------------------------


def test_storages_are_listed_per_location_and_created_there(salon):
    uptown = create_location(actor=salon.actor(), name="Uptown", time_zone="UTC")
    storage(salon, "Main storage")
    browser = browser_as(salon)

    response = browser.post(
        f"/settings/stock/storages/new/?location={uptown.pk}", {"name": "Retail shelf"}, follow=True
    )

    assert "Storage “Retail shelf” was created." in said(response)
    assert Storage.objects.get(name="Retail shelf").location == uptown
    here = browser.get(f"/settings/stock/storages/?location={salon.location.pk}")
    assert [s.name for s in here.context["storages"]] == ["Main storage"]


def test_a_storage_name_taken_at_the_location_is_shown_again(salon):
    storage(salon, "Main storage")
    before = event_count(salon)

    errors = refused_form(
        browser_as(salon).post(
            f"/settings/stock/storages/new/?location={salon.location.pk}", {"name": "Main storage"}
        )
    )

    assert "name" in errors and event_count(salon) == before


def test_a_storage_is_renamed_and_closed(salon):
    main = storage(salon)

    response = browser_as(salon).post(
        f"/settings/stock/storages/{main.pk}/", {"name": "Back room", "version": 1}, follow=True
    )

    main.refresh_from_db()
    assert (main.name, main.is_active, main.version) == ("Back room", False, 2)
    assert "Storage “Back room” was saved." in said(response)


def test_a_specialist_sees_storages_read_only_and_may_not_post(salon):
    main = storage(salon)
    specialist = browser_as(salon, "specialist")

    listed = main_of(specialist.get("/settings/stock/storages/"))
    card = specialist.get(f"/settings/stock/storages/{main.pk}/")
    forbidden(specialist.post("/settings/stock/storages/new/", {"name": "Mine"}))
    forbidden(specialist.post(f"/settings/stock/storages/{main.pk}/", {"name": "Mine"}))

    assert "Main storage" in listed and "New storage" not in listed
    assert card.context["form"].read_only
    main.refresh_from_db()
    assert main.name == "Main storage" and Storage.objects.count() == 1


def test_another_chains_storage_page_is_not_found(salon):
    theirs = storage(make_salon(name="Elsewhere"))

    not_found(browser_as(salon).get(f"/settings/stock/storages/{theirs.pk}/"))
    not_found(browser_as(salon).get(f"/settings/stock/?storage={theirs.pk}"))
    not_found(browser_as(salon).get(f"/settings/stock/{theirs.pk}/receipt/"))


# --- the stock of a storage ------------------------------------------------------------------


def test_the_stock_table_shows_each_product_its_unit_quantity_and_value(salon, stocked):
    main, shampoo, dye = stocked
    sell(salon, main, {dye: "12.5"}, kind="consumption")

    response = browser_as(salon).get(f"/settings/stock/?storage={main.pk}")

    page = main_of(response)
    assert [(lv.name, lv.quantity, lv.value) for lv in response.context["levels"]] == [
        ("Hair dye", Decimal("487.5"), Decimal("58.50")),
        ("Shampoo", Decimal(5), Decimal("40.00")),
    ]
    assert "487.5" in page and "ml" in page and "$98.50" in page
    assert f"/settings/stock/{main.pk}/receipt/" in page


def test_the_stock_page_without_storages_says_so(salon):
    page = main_of(browser_as(salon).get("/settings/stock/"))

    assert "There are no storages yet." in page


def test_a_specialist_sees_the_stock_without_receipt_or_write_off(salon, stocked):
    main, *_ = stocked

    page = main_of(browser_as(salon, "specialist").get("/settings/stock/"))

    assert "Shampoo" in page
    assert "/receipt/" not in page and "/write-off/" not in page


# --- receipts --------------------------------------------------------------------------------


def test_a_receipt_of_several_lines_is_received(salon, stocked):
    main, shampoo, dye = stocked

    response = browser_as(salon).post(
        f"/settings/stock/{main.pk}/receipt/",
        {
            **rows((shampoo.pk, "10", "7,5"), ("", "", ""), (dye.pk, "1000", ""), cost=True),
            "note": "Invoice 77",
        },
        follow=True,
        headers={"Accept-Language": "ru"},
    )

    assert len(said(response)) == 1
    assert (in_stock(main, shampoo), in_stock(main, dye)) == (15, 1500)
    costs = [(row[2], row[5], row[6]) for row in ledger(salon)[-2:]]
    assert costs == [
        (shampoo.pk, Decimal("7.50"), "Invoice 77"),
        (dye.pk, Decimal("0.12"), "Invoice 77"),
    ]


def test_a_receipt_with_a_bad_line_is_shown_again_and_nothing_is_received(salon, stocked):
    main, shampoo, _ = stocked
    before = (ledger(salon), event_count(salon))

    bad = refused_form(
        browser_as(salon).post(
            f"/settings/stock/{main.pk}/receipt/",
            rows((shampoo.pk, "2", ""), (shampoo.pk, "-1", ""), ("", "3", ""), cost=True),
        )
    )
    empty = refused_form(browser_as(salon).post(f"/settings/stock/{main.pk}/receipt/", {}))

    assert "Line 2" in bad["lines"][0] and "Line 3" in bad["lines"][1]
    assert "lines" in empty
    assert (ledger(salon), event_count(salon)) == before


def test_a_closed_storage_receives_nothing(salon, stocked):
    main, shampoo, _ = stocked
    Storage.objects.filter(pk=main.pk).update(is_active=False)

    errors = refused_form(
        browser_as(salon).post(f"/settings/stock/{main.pk}/receipt/", rows((shampoo.pk, "1")))
    )

    assert "closed" in errors["__all__"][0]
    assert in_stock(main, shampoo) == 5


# --- write-offs ------------------------------------------------------------------------------


def test_a_write_off_offers_what_is_in_stock_and_takes_it_out(salon, stocked):
    main, shampoo, dye = stocked
    browser = browser_as(salon)

    offered = browser.get(f"/settings/stock/{main.pk}/write-off/").context["form"]
    response = browser.post(
        f"/settings/stock/{main.pk}/write-off/",
        {**rows((shampoo.pk, "2"), (dye.pk, "0.5")), "reason": "Expired"},
        follow=True,
    )

    labels = [o.label for o in offered["lines"].field.options]
    assert labels == ["Hair dye — 500 ml in stock", "Shampoo — 5 pcs in stock"]
    assert "2 lines were written off from “Main storage”." in said(response)
    assert (in_stock(main, shampoo), in_stock(main, dye)) == (3, Decimal("499.5"))


def test_a_write_off_below_zero_is_refused_naming_the_product_and_nothing_is_written(
    salon, stocked
):
    main, shampoo, dye = stocked
    before = (ledger(salon), event_count(salon))

    errors = refused_form(
        browser_as(salon).post(
            f"/settings/stock/{main.pk}/write-off/",
            {**rows((dye.pk, "1"), (shampoo.pk, "6")), "reason": "Broken"},
        )
    )

    assert "Only 5" in errors["lines"][0] and "Shampoo" in errors["lines"][0]
    assert (ledger(salon), event_count(salon)) == before


def test_a_write_off_without_a_reason_is_refused(salon, stocked):
    main, shampoo, _ = stocked

    errors = refused_form(
        browser_as(salon).post(f"/settings/stock/{main.pk}/write-off/", rows((shampoo.pk, "1")))
    )

    assert "reason" in errors and in_stock(main, shampoo) == 5


def test_a_specialist_may_neither_open_nor_post_a_receipt_or_write_off(salon, stocked):
    main, shampoo, _ = stocked
    specialist = browser_as(salon, "specialist")
    before = ledger(salon)

    forbidden(specialist.get(f"/settings/stock/{main.pk}/receipt/"))
    forbidden(specialist.post(f"/settings/stock/{main.pk}/receipt/", rows((shampoo.pk, "1"))))
    forbidden(
        specialist.post(
            f"/settings/stock/{main.pk}/write-off/", {**rows((shampoo.pk, "1")), "reason": "x"}
        )
    )
    assert ledger(salon) == before


# --- history ---------------------------------------------------------------------------------


def test_the_history_of_a_product_shows_its_movements_newest_first_with_the_stock_after(
    salon, stocked
):
    main, shampoo, _ = stocked
    sell(salon, main, {shampoo: 2}, note="Visit of Anna")
    receive(salon, main, {shampoo: 1})

    response = browser_as(salon, "specialist").get(
        f"/settings/stock/{main.pk}/products/{shampoo.pk}/"
    )

    shown = [(m.kind, m.quantity, balance) for m, balance in response.context["page"].rows()]
    assert shown == [("receipt", 1, 4), ("sale", -2, 3), ("receipt", 5, 5)]
    page = main_of(response)
    assert "Visit of Anna" in page and "-2" in page
    assert "4 pcs in stock" in page


def test_a_long_history_pages_back_with_older_movements(salon, stocked):
    main, shampoo, _ = stocked
    for _ in range(55):
        receive(salon, main, {shampoo: 1})
    browser = browser_as(salon)
    url = f"/settings/stock/{main.pk}/products/{shampoo.pk}/"

    first = browser.get(url).context["page"]
    second = browser.get(url, {"before": first.next}).context["page"]

    assert len(first.movements) == 50 and first.more
    assert len(second.movements) == 6 and not second.more
    assert [balance for _, balance in second.rows()][-1] == 5


def test_another_chains_product_has_no_history_here(salon, stocked):
    main, *_ = stocked
    theirs = product(make_salon(name="Elsewhere"))

    not_found(browser_as(salon).get(f"/settings/stock/{main.pk}/products/{theirs.pk}/"))


def test_the_stock_pages_and_their_refusals_speak_russian(salon, stocked):
    main, shampoo, dye = stocked
    ru = {"Accept-Language": "ru"}
    browser = browser_as(salon)

    page = main_of(browser.get(f"/settings/stock/?storage={main.pk}", headers=ru))
    errors = refused_form(
        browser.post(
            f"/settings/stock/{main.pk}/write-off/",
            {**rows((shampoo.pk, "6")), "reason": "Разбился"},
            headers=ru,
        )
    )

    assert "Остаток" in page and "Списать" in page and "мл" in page and "шт" in page
    assert errors["lines"] == ["Остаток «Shampoo» на складе «Main storage» — 5 шт, а нужно 6."]


@pytest.mark.parametrize("odd", ["²", "9" * 30, "-1", "abc"])
def test_odd_numbers_in_the_address_show_the_page_not_an_error(salon, odd):
    shelf = storage(salon, "Shelf")
    shampoo = product(salon)
    browser = browser_as(salon)

    assert browser.get("/settings/stock/", {"storage": odd}).status_code == 200
    history = browser.get(f"/settings/stock/{shelf.pk}/products/{shampoo.pk}/", {"before": odd})
    assert history.status_code == 200
