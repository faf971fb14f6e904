"""Reading storages, stock levels (sums of the ledger) and the movement history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, QuerySet, Sum
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.catalog.models import QUANTITY_STEP, Product
from salonbook.catalog.selectors import access_product
from salonbook.errors import NotFound
from salonbook.inventory.models import StockMovement, Storage
from salonbook.money import round_money
from salonbook.tenancy.context import Actor

MAX_PAGE = 500

# Sums of many movements may need more digits than one movement has.
_SUM = DecimalField(max_digits=20, decimal_places=3)


def _quantity(value: Decimal | int | None) -> Decimal:
    """A sum as a quantity with its three decimals, whatever the database gave back."""
    return Decimal(value or 0).quantize(QUANTITY_STEP)


def storage_list(
    *, actor: Actor, location_id: int | None = None, include_inactive: bool = False
) -> QuerySet[Storage]:
    """The chain's storages (of one location when given), by location and name."""
    require(actor, "stock.view")
    qs = Storage.objects.filter(chain_id=actor.chain_id).select_related("location")
    if location_id is not None:
        qs = qs.filter(location_id=location_id)
    return qs if include_inactive else qs.filter(is_active=True)


def access_storage(*, actor: Actor, storage_id: int, lock: bool = False) -> Storage:
    """A storage of the actor's chain (NotFound across chains); `lock` holds its row."""
    qs = Storage.objects.filter(chain_id=actor.chain_id).select_related("location")
    if lock:
        qs = qs.select_for_update(of=("self",))
    try:
        return qs.get(pk=storage_id)
    except Storage.DoesNotExist:
        raise NotFound(_("Storage %(id)s not found.") % {"id": storage_id}) from None


def visible_storage(*, actor: Actor, storage_id: int) -> Storage:
    require(actor, "stock.view")
    return access_storage(actor=actor, storage_id=storage_id)


def stock_sums(*, chain_id: int, storage_id: int, product_ids: Iterable[int]) -> dict[int, Decimal]:
    """Stock of each product in a storage, by product id (0 for a product never moved there).

    No rights are checked: this is what the stock services check against, under the locks of
    `inventory.lock_objects`. People read stock through `stock_levels`.
    """
    ids = set(product_ids)
    rows = (
        StockMovement.objects.filter(chain_id=chain_id, storage_id=storage_id, product_id__in=ids)
        .values("product_id")
        .annotate(total=Sum("quantity", output_field=_SUM))
        .values_list("product_id", "total")
    )
    sums = {product_id: _quantity(0) for product_id in ids}
    sums.update({product_id: _quantity(total) for product_id, total in rows})
    return sums


@dataclass(frozen=True)
class StockLevel:
    """How much of a product is in a storage, and what it is worth at the product's cost."""

    storage_id: int
    product_id: int
    name: str
    unit: str
    quantity: Decimal
    cost: Decimal
    is_active: bool
    value: Decimal

    @property
    def unit_label(self) -> str:
        return str(Product.Unit(self.unit).label)


def stock_levels(
    *,
    actor: Actor,
    storage_id: int | None = None,
    product_ids: Iterable[int] | None = None,
) -> list[StockLevel]:
    """Stock of every product that ever moved in a storage (or in each storage of the chain
    when `storage_id` is None), optionally of some products only: one query, whatever the
    number of movements. Ordered by storage, then as the products are. A storage of another
    chain is NotFound; products of another chain simply have no stock here."""
    require(actor, "stock.view")
    qs = StockMovement.objects.filter(chain_id=actor.chain_id)
    if storage_id is not None:
        access_storage(actor=actor, storage_id=storage_id)
        qs = qs.filter(storage_id=storage_id)
    if product_ids is not None:
        qs = qs.filter(product_id__in=set(product_ids))
    rows = (
        qs.values(
            "storage_id",
            "product_id",
            "product__name",
            "product__unit",
            "product__cost",
            "product__is_active",
        )
        .annotate(total=Sum("quantity", output_field=_SUM))
        .order_by("storage_id", "product__sort_order", "product__name", "product_id")
    )
    currency = actor.chain.currency
    return [
        StockLevel(
            storage_id=row["storage_id"],
            product_id=row["product_id"],
            name=row["product__name"],
            unit=row["product__unit"],
            quantity=_quantity(row["total"]),
            cost=row["product__cost"],
            is_active=row["product__is_active"],
            value=round_money(row["total"] * row["product__cost"], currency),
        )
        for row in rows
    ]


def stock_of(*, actor: Actor, storage_id: int, product_id: int) -> Decimal:
    """Stock of one product in one storage (0 when it never moved there)."""
    require(actor, "stock.view")
    storage = access_storage(actor=actor, storage_id=storage_id)
    return stock_sums(chain_id=actor.chain_id, storage_id=storage.pk, product_ids=[product_id])[
        product_id
    ]


@dataclass
class MovementPage:
    """A page of movements; `balances` maps a movement's id to the stock right after it
    (given for the history of one product in one storage only)."""

    movements: list[StockMovement]
    balances: dict[int, Decimal]
    next: int | None
    more: bool

    def rows(self) -> list[tuple[StockMovement, Decimal | None]]:
        return [(m, self.balances.get(m.pk)) for m in self.movements]


def movement_history(
    *,
    actor: Actor,
    storage_id: int | None = None,
    product_id: int | None = None,
    after: int = 0,
    before: int | None = None,
    limit: int = 100,
    newest_first: bool = False,
) -> MovementPage:
    """A page of the chain's stock movements, filtered by storage and product.

    Oldest first after the cursor `after` (as the change feed pages: pass `next` back while
    `more`), or, with `newest_first`, newest first before the id `before`. Two queries at
    most, whatever the length of the history.
    """
    require(actor, "stock.view")
    limit = max(1, min(limit, MAX_PAGE))
    qs = StockMovement.objects.filter(chain_id=actor.chain_id)
    if storage_id is not None:
        qs = qs.filter(storage=access_storage(actor=actor, storage_id=storage_id))
    if product_id is not None:
        qs = qs.filter(product=access_product(actor=actor, product_id=product_id))
    page = qs.select_related("storage", "product", "created_by")
    if newest_first:
        page = page.filter(pk__lt=before) if before is not None else page
        rows = list(page.order_by("-pk")[: limit + 1])
    else:
        rows = list(page.filter(pk__gt=after).order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    balances: dict[int, Decimal] = {}
    if storage_id is not None and product_id is not None and rows:
        # The stock just before the page's oldest row, then row by row.
        oldest = min(row.pk for row in rows)
        running = _quantity(
            qs.filter(pk__lt=oldest).aggregate(total=Sum("quantity", output_field=_SUM))["total"]
        )
        for row in sorted(rows, key=lambda r: r.pk):
            running += row.quantity
            balances[row.pk] = running
    fallback = before if newest_first else after
    return MovementPage(
        movements=rows, balances=balances, next=rows[-1].pk if rows else fallback, more=more
    )
