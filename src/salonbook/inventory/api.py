from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from salonbook.http import DbInt, if_match_version, set_etag
from salonbook.inventory import selectors, services
from salonbook.inventory.models import StockMovement
from salonbook.inventory.schemas import (
    MovementsOut,
    ReceiptIn,
    StockLevelOut,
    StockMovedOut,
    StorageIn,
    StorageOut,
    StoragePatch,
    WriteOffIn,
)
from salonbook.tenancy.context import Actor, actor_of

router = Router()


# --- storages ------------------------------------------------------------------------------


@router.get("/storages", response=list[StorageOut])
def list_storages(
    request: HttpRequest, location_id: DbInt | None = None, include_inactive: bool = False
):
    return selectors.storage_list(
        actor=actor_of(request), location_id=location_id, include_inactive=include_inactive
    )


@router.post("/storages", response={201: StorageOut})
def create_storage(request: HttpRequest, payload: StorageIn):
    return Status(201, services.create_storage(actor=actor_of(request), **payload.dict()))


@router.get("/storages/{storage_id}", response=StorageOut)
def get_storage(request: HttpRequest, response: HttpResponse, storage_id: int):
    storage = selectors.visible_storage(actor=actor_of(request), storage_id=storage_id)
    set_etag(response, storage.version)
    return storage


@router.patch("/storages/{storage_id}", response=StorageOut)
def update_storage(
    request: HttpRequest, response: HttpResponse, storage_id: int, payload: StoragePatch
):
    """Rename a storage or close it (`is_active: false`). Send `If-Match` with its ETag."""
    storage = services.update_storage(
        actor=actor_of(request),
        storage_id=storage_id,
        expected_version=if_match_version(request),
        **payload.dict(exclude_unset=True),
    )
    set_etag(response, storage.version)
    return storage


# --- stock ---------------------------------------------------------------------------------


@router.get("/stock", response=list[StockLevelOut])
def stock_levels(
    request: HttpRequest, storage_id: DbInt | None = None, product_id: DbInt | None = None
):
    """Stock of each product in each storage (the sum of its movements): of one storage and
    of one product when asked."""
    return selectors.stock_levels(
        actor=actor_of(request),
        storage_id=storage_id,
        product_ids=None if product_id is None else [product_id],
    )


def _moved(actor: Actor, movements: list[StockMovement]) -> dict[str, Any]:
    storage_id = movements[0].storage_id
    return {
        "movements": movements,
        "stock": selectors.stock_levels(
            actor=actor, storage_id=storage_id, product_ids={m.product_id for m in movements}
        ),
    }


@router.post("/stock/receipts", response={201: StockMovedOut})
def receive_stock(request: HttpRequest, payload: ReceiptIn):
    """Products come into a storage: one movement per line, at its unit cost."""
    actor = actor_of(request)
    movements = services.receive_stock(
        actor=actor,
        storage_id=payload.storage_id,
        lines=[services.StockLine(**line.dict()) for line in payload.lines],
        note=payload.note,
    )
    return Status(201, _moved(actor, movements))


@router.post("/stock/write-offs", response={201: StockMovedOut})
def write_off_stock(request: HttpRequest, payload: WriteOffIn):
    """Products leave a storage for a reason; refused (422) if any stock would go below zero."""
    actor = actor_of(request)
    movements = services.write_off_stock(
        actor=actor,
        storage_id=payload.storage_id,
        lines=[services.StockLine(**line.dict()) for line in payload.lines],
        reason=payload.reason,
    )
    return Status(201, _moved(actor, movements))


class MovementsQuery(Schema):
    storage_id: DbInt | None = None
    product_id: DbInt | None = None
    after: DbInt = 0
    limit: int = Field(100, ge=1, le=selectors.MAX_PAGE)


@router.get("/stock/movements", response=MovementsOut)
def list_movements(request: HttpRequest, params: Query[MovementsQuery]):
    """The stock ledger, oldest first after the cursor `after`. With both `storage_id` and
    `product_id`, each movement carries `balance`: the stock right after it."""
    page = selectors.movement_history(
        actor=actor_of(request),
        storage_id=params.storage_id,
        product_id=params.product_id,
        after=params.after,
        limit=params.limit,
    )
    return {
        "movements": [{**_movement(m), "balance": balance} for m, balance in page.rows()],
        "next": page.next,
        "more": page.more,
    }


def _movement(m: StockMovement) -> dict[str, Any]:
    return {
        name: getattr(m, name)
        for name in (
            "id",
            "storage_id",
            "product_id",
            "quantity",
            "kind",
            "unit_cost",
            "note",
            "source",
            "source_id",
            "created_by_id",
            "created_at",
        )
    }
