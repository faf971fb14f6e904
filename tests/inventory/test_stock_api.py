"""Receipts, write-offs, stock levels and the movement history through the API."""

from __future__ import annotations

from decimal import Decimal

import pytest

from salonbook.inventory.models import StockMovement
from salonbook.sync.models import ChangeEvent
from tests.helpers_api import (
    change_count,
    field_errors,
    not_allowed,
    not_found,
    problem,
    refused_for_field,
)
from tests.salon import make_salon
from tests.stock import consumable, in_stock, ledger, product, receive, sell, storage

pytestmark = pytest.mark.django_db


@pytest.fixture
def stocked(salon):
    """A storage with 5 shampoos and 500 ml of dye; an empty shelf beside it."""
    main = storage(salon)
    shampoo, dye = product(salon, "Shampoo"), consumable(salon, "Hair dye")
    receive(salon, main, {shampoo: 5, dye: 500})
    return main, shampoo, dye


# --- receipts --------------------------------------------------------------------------------


def test_a_receipt_of_several_lines_brings_stock_in_at_its_costs(salon, api):
    main = storage(salon)
    shampoo, dye = product(salon, "Shampoo", cost=Decimal("8.00")), consumable(salon)

    response = api.post(
        "/stock/receipts",
        {
            "storage_id": main.pk,
            "note": "Invoice 2024-118",
            "lines": [
                {"product_id": shampoo.pk, "quantity": "12", "unit_cost": "7.40"},
                {"product_id": dye.pk, "quantity": "1000"},
            ],
        },
    )

    assert response.status_code == 201, response.content
    data = response.json()
    assert [(m["kind"], m["quantity"], m["unit_cost"]) for m in data["movements"]] == [
        ("receipt", "12.000", "7.40"),
        ("receipt", "1000.000", "8.00"),
    ]
    assert {s["name"]: s["quantity"] for s in data["stock"]} == {
        "Shampoo": "12.000",
        "Hair dye": "1000.000",
    }
    assert (in_stock(main, shampoo), in_stock(main, dye)) == (Decimal(12), Decimal(1000))
    assert StockMovement.objects.get(pk=data["movements"][0]["id"]).note == "Invoice 2024-118"
    events = ChangeEvent.objects.filter(entity="stock_movement").order_by("pk")
    assert [e.data["quantity"] for e in events] == ["12.000", "1000.000"]
    assert events[0].data["storage_id"] == main.pk and events[0].data["product_id"] == shampoo.pk


def test_a_receipt_without_a_unit_cost_takes_the_products_cost(salon, api):
    main, shampoo = storage(salon), product(salon, cost=Decimal("8.25"))

    data = api.post(
        "/stock/receipts",
        {"storage_id": main.pk, "lines": [{"product_id": shampoo.pk, "quantity": "1"}]},
    ).json()

    assert data["movements"][0]["unit_cost"] == "8.25"


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ({"quantity": "0"}, "lines.1.quantity"),
        ({"quantity": "-3"}, "lines.1.quantity"),
        ({"quantity": "0.0001"}, "lines.1.quantity"),
        ({"quantity": "1e12"}, "lines.1.quantity"),
        ({"quantity": "abc"}, "lines.1.quantity"),
        ({"unit_cost": "-1"}, "lines.1.unit_cost"),
        ({"unit_cost": "1.001"}, "lines.1.unit_cost"),
        ({"product_id": 999999}, "lines.1.product_id"),
    ],
)
def test_a_bad_line_refuses_the_whole_receipt(salon, api, line, field):
    main, shampoo = storage(salon), product(salon)
    before = (ledger(salon), change_count(salon.chain.pk))

    refused_for_field(
        api.post(
            "/stock/receipts",
            {
                "storage_id": main.pk,
                "lines": [
                    {"product_id": shampoo.pk, "quantity": "2"},
                    {"product_id": shampoo.pk, "quantity": "1", **line},
                ],
            },
        ),
        field,
    )

    assert (ledger(salon), change_count(salon.chain.pk)) == before


def test_a_receipt_needs_lines_and_a_storage_of_the_chain(salon, api):
    shampoo = product(salon)
    theirs = storage(make_salon(name="Elsewhere"))
    line = {"product_id": shampoo.pk, "quantity": "1"}

    refused_for_field(
        api.post("/stock/receipts", {"storage_id": storage(salon).pk, "lines": []}), "lines"
    )
    refused_for_field(
        api.post("/stock/receipts", {"storage_id": theirs.pk, "lines": [line]}), "storage_id"
    )
    refused_for_field(
        api.post("/stock/receipts", {"storage_id": 999999, "lines": [line]}), "storage_id"
    )
    assert not StockMovement.objects.exists()


def test_another_chains_product_cannot_be_received(salon, api):
    theirs = product(make_salon(name="Elsewhere"))

    refused_for_field(
        api.post(
            "/stock/receipts",
            {
                "storage_id": storage(salon).pk,
                "lines": [{"product_id": theirs.pk, "quantity": "1"}],
            },
        ),
        "lines.0.product_id",
    )
    assert not StockMovement.objects.exists()


def test_nothing_is_received_into_a_closed_storage(salon, api):
    main, shampoo = storage(salon), product(salon)
    api.patch(f"/storages/{main.pk}", {"is_active": False})

    messages = refused_for_field(
        api.post(
            "/stock/receipts",
            {"storage_id": main.pk, "lines": [{"product_id": shampoo.pk, "quantity": "1"}]},
        ),
        "storage_id",
    )

    assert "closed" in messages[0]
    assert in_stock(main, shampoo) == 0


# --- write-offs ------------------------------------------------------------------------------


def test_a_write_off_takes_stock_out_with_its_reason(salon, api, stocked):
    main, shampoo, dye = stocked

    response = api.post(
        "/stock/write-offs",
        {
            "storage_id": main.pk,
            "reason": "Dropped, bottle broke",
            "lines": [
                {"product_id": shampoo.pk, "quantity": "1"},
                {"product_id": dye.pk, "quantity": "12.5"},
            ],
        },
    )

    assert response.status_code == 201, response.content
    moved = response.json()["movements"]
    assert [(m["kind"], m["quantity"], m["note"]) for m in moved] == [
        ("write_off", "-1.000", "Dropped, bottle broke"),
        ("write_off", "-12.500", "Dropped, bottle broke"),
    ]
    assert moved[0]["unit_cost"] == "8.00"  # what it cost, for the loss
    assert (in_stock(main, shampoo), in_stock(main, dye)) == (Decimal(4), Decimal("487.5"))


def test_a_write_off_below_zero_is_refused_naming_the_product_and_its_stock(salon, api, stocked):
    main, shampoo, dye = stocked
    before = (ledger(salon), change_count(salon.chain.pk))

    response = api.post(
        "/stock/write-offs",
        {
            "storage_id": main.pk,
            "reason": "Expired",
            "lines": [
                {"product_id": dye.pk, "quantity": "100"},
                {"product_id": shampoo.pk, "quantity": "4"},
                {"product_id": shampoo.pk, "quantity": "2"},
            ],
        },
    )

    errors = field_errors(response)
    assert list(errors) == ["lines.1.quantity"]
    assert "Shampoo" in errors["lines.1.quantity"][0] and "Only 5" in errors["lines.1.quantity"][0]
    assert response.json()["shortages"] == [
        {
            "product_id": shampoo.pk,
            "name": "Shampoo",
            "unit": "pcs",
            "in_stock": "5.000",
            "requested": "6.000",
        }
    ]
    assert (ledger(salon), change_count(salon.chain.pk)) == before


def test_a_write_off_needs_a_reason(salon, api, stocked):
    main, shampoo, _ = stocked
    line = [{"product_id": shampoo.pk, "quantity": "1"}]

    refused_for_field(
        api.post("/stock/write-offs", {"storage_id": main.pk, "lines": line}), "reason"
    )
    refused_for_field(
        api.post("/stock/write-offs", {"storage_id": main.pk, "lines": line, "reason": "   "}),
        "reason",
    )
    assert in_stock(main, shampoo) == 5


def test_the_whole_stock_may_be_written_off_to_zero(salon, api, stocked):
    main, shampoo, _ = stocked

    response = api.post(
        "/stock/write-offs",
        {
            "storage_id": main.pk,
            "reason": "Recall",
            "lines": [{"product_id": shampoo.pk, "quantity": "5"}],
        },
    )

    assert response.status_code == 201
    assert in_stock(main, shampoo) == 0


# --- levels ----------------------------------------------------------------------------------


def test_stock_levels_are_the_sums_of_the_movements_per_storage_and_product(salon, api, stocked):
    main, shampoo, dye = stocked
    shelf = storage(salon, "Retail shelf")
    receive(salon, shelf, {shampoo: 3})
    sell(salon, main, {shampoo: 2})

    everything = api.get("/stock").json()
    of_main = api.get("/stock", storage_id=main.pk).json()
    of_shampoo = api.get("/stock", product_id=shampoo.pk).json()

    assert {(s["storage_id"], s["name"], s["quantity"]) for s in everything} == {
        (main.pk, "Shampoo", "3.000"),
        (main.pk, "Hair dye", "500.000"),
        (shelf.pk, "Shampoo", "3.000"),
    }
    assert [(s["name"], s["quantity"], s["value"]) for s in of_main] == [
        ("Hair dye", "500.000", "4000.00"),
        ("Shampoo", "3.000", "24.00"),
    ]
    assert {(s["storage_id"], s["quantity"]) for s in of_shampoo} == {
        (main.pk, "3.000"),
        (shelf.pk, "3.000"),
    }


def test_a_specialist_sees_stock_but_may_not_receive_or_write_off(salon, login_as, stocked):
    main, shampoo, _ = stocked
    specialist = login_as("specialist")
    line = [{"product_id": shampoo.pk, "quantity": "1"}]
    before = ledger(salon)

    assert specialist.get("/stock", storage_id=main.pk).status_code == 200
    assert specialist.get("/stock/movements").status_code == 200
    not_allowed(specialist.post("/stock/receipts", {"storage_id": main.pk, "lines": line}))
    not_allowed(
        specialist.post("/stock/write-offs", {"storage_id": main.pk, "lines": line, "reason": "x"})
    )
    assert ledger(salon) == before


def test_another_chains_stock_is_not_found_nor_shown(salon, login_as, stocked):
    main, shampoo, _ = stocked
    outsider = login_as("owner", of=make_salon(name="Elsewhere"))

    assert outsider.get("/stock").json() == []
    not_found(outsider.get("/stock", storage_id=main.pk))
    not_found(outsider.get("/stock/movements", storage_id=main.pk))
    not_found(outsider.get("/stock/movements", product_id=shampoo.pk))
    assert outsider.get("/stock/movements").json()["movements"] == []


# --- history ---------------------------------------------------------------------------------


def test_the_history_of_a_product_in_a_storage_pages_with_its_running_balance(salon, api, stocked):
    main, shampoo, _ = stocked
    receive(salon, main, {shampoo: 2})
    sell(salon, main, {shampoo: 3}, source="sale_line", source_id=41)
    api.post(
        "/stock/write-offs",
        {
            "storage_id": main.pk,
            "reason": "Leaked",
            "lines": [{"product_id": shampoo.pk, "quantity": "1"}],
        },
    )

    first = api.get("/stock/movements", storage_id=main.pk, product_id=shampoo.pk, limit=2).json()
    second = api.get(
        "/stock/movements", storage_id=main.pk, product_id=shampoo.pk, after=first["next"]
    ).json()

    assert first["more"] is True and second["more"] is False
    rows = first["movements"] + second["movements"]
    assert [(m["kind"], m["quantity"], m["balance"]) for m in rows] == [
        ("receipt", "5.000", "5.000"),
        ("receipt", "2.000", "7.000"),
        ("sale", "-3.000", "4.000"),
        ("write_off", "-1.000", "3.000"),
    ]
    assert (rows[2]["source"], rows[2]["source_id"]) == ("sale_line", 41)
    assert rows[0]["created_by_id"] == salon.owner.pk
    # Without both filters there is no single balance to tell.
    assert {m["balance"] for m in api.get("/stock/movements").json()["movements"]} == {None}


def test_a_bad_history_query_is_refused(salon, api):
    problem(api.get("/stock/movements", limit=0), 422)
    problem(api.get("/stock/movements", after=-1), 422)
    problem(api.get("/stock", storage_id="x"), 422)


def test_a_retried_receipt_with_the_same_idempotency_key_is_received_once(salon, api):
    main, shampoo = storage(salon), product(salon)
    body = {"storage_id": main.pk, "lines": [{"product_id": shampoo.pk, "quantity": "6"}]}
    headers = {"Idempotency-Key": "receipt-2024-118"}

    first = api.post("/stock/receipts", body, headers=headers)
    again = api.post("/stock/receipts", body, headers=headers)

    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and again.json() == first.json()
    assert in_stock(main, shampoo) == 6
