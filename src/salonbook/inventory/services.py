"""Writes on storages and on the stock ledger.

Stock only ever changes by appending `StockMovement` rows, through `move_stock`: receipts and
write-offs here, and sales and consumables from the checkout, which calls `move_stock` inside
its own transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.catalog.models import Product, exact_quantity
from salonbook.errors import Invalid, NotFound
from salonbook.inventory.lock_objects import lock_products
from salonbook.inventory.models import MovementKind, StockMovement, Storage
from salonbook.inventory.selectors import access_storage, stock_sums
from salonbook.money import round_money
from salonbook.sync.services import record_change
from salonbook.sync.versioned import changing
from salonbook.tenancy.context import Actor
from salonbook.tenancy.selectors import access_location
from salonbook.validation import full_clean_or_invalid

# --- storages ------------------------------------------------------------------------------

STORAGE_FIELDS = ("name", "is_active")


def _check_storage_name(storage: Storage) -> None:
    taken = (
        Storage.objects.filter(location_id=storage.location_id, name=storage.name)
        .exclude(pk=storage.pk)
        .exists()
    )
    if taken:
        raise Invalid(
            {"name": _("This location already has a storage “%(name)s”.") % {"name": storage.name}}
        )


@transaction.atomic
def create_storage(*, actor: Actor, location_id: int, name: str) -> Storage:
    require(actor, "stock.manage")
    try:
        location = access_location(actor=actor, location_id=location_id)
    except NotFound:
        raise Invalid({"location_id": _("No location %(id)s.") % {"id": location_id}}) from None
    storage = Storage(chain=actor.chain, location=location, name=name.strip())
    full_clean_or_invalid(storage, exclude=["chain", "location"])
    _check_storage_name(storage)
    storage.save()
    record_change(
        actor=actor,
        entity="storage",
        entity_id=storage.pk,
        action="created",
        data={"location_id": location.pk},
    )
    return storage


@transaction.atomic
def update_storage(
    *, actor: Actor, storage_id: int, expected_version: int | None = None, **changes: object
) -> Storage:
    """Rename a storage, or close it (`is_active=False`): a closed storage keeps its stock and
    history, but nothing is received into it or taken from it until it is opened again."""
    require(actor, "stock.manage")
    storage = access_storage(actor=actor, storage_id=storage_id, lock=True)
    with changing(
        storage, actor=actor, entity="storage", expected_version=expected_version
    ) as change:
        name = changes.get("name")
        if isinstance(name, str):
            changes["name"] = name.strip()
        change.apply(changes, allowed=STORAGE_FIELDS, exclude=["chain", "location"])
        _check_storage_name(storage)
    return storage


# --- moving stock --------------------------------------------------------------------------

# Which way each kind moves stock; an adjustment goes the way its quantity's sign says.
INCOMING = frozenset(
    {MovementKind.RECEIPT, MovementKind.SALE_RETURN, MovementKind.CONSUMPTION_RETURN}
)
OUTGOING = frozenset({MovementKind.SALE, MovementKind.CONSUMPTION, MovementKind.WRITE_OFF})
# Putting back what a sale or a visit took is allowed into a storage closed meanwhile.
RETURNS = frozenset({MovementKind.SALE_RETURN, MovementKind.CONSUMPTION_RETURN})
MAX_NOTE = 500


@dataclass(frozen=True)
class StockLine:
    """`quantity` of a product, in its unit: above zero (the kind says which way it goes),
    or signed for an adjustment. `unit_cost` defaults to the product's cost."""

    product_id: int
    quantity: Decimal
    unit_cost: Decimal | None = None


@dataclass(frozen=True)
class Shortage:
    product_id: int
    name: str
    unit: str
    in_stock: Decimal
    requested: Decimal

    def as_dict(self) -> dict[str, Any]:
        return {
            "product_id": self.product_id,
            "name": self.name,
            "unit": self.unit,
            "in_stock": str(self.in_stock),
            "requested": str(self.requested),
        }


class InsufficientStock(Invalid):
    """A move would take a storage's stock of some products below zero. `shortages` says
    which, how much is there and how much was asked for; the field errors name the lines."""

    def __init__(self, errors: dict[str, list[str] | str], shortages: list[Shortage]) -> None:
        super().__init__(errors)
        self.shortages = shortages
        self.extra = {"shortages": [s.as_dict() for s in shortages]}


def _quantity_text(value: Decimal) -> str:
    """1.500 -> "1.5", 3.000 -> "3": what a person writes."""
    return format(value.normalize(), "f")


def _check_lines(lines: list[StockLine], kind: str) -> None:
    """Shapes a schema would check, for callers that are not the API (the checkout)."""
    errors: dict[str, list[str] | str] = {}
    if not lines:
        errors["lines"] = _("Add at least one product.")
    for i, line in enumerate(lines):
        quantity = line.quantity
        if not quantity.is_finite() or (
            quantity <= 0 if kind != MovementKind.ADJUSTMENT else quantity == 0
        ):
            errors[f"lines.{i}.quantity"] = _("Enter a quantity above zero.")
        elif exact_quantity(quantity).as_tuple().exponent < -3:  # type: ignore[operator]
            errors[f"lines.{i}.quantity"] = _("Use at most three decimals.")
        elif abs(quantity) >= 10**9:
            errors[f"lines.{i}.quantity"] = _("This quantity is too large.")
        cost = line.unit_cost
        if cost is not None and (not cost.is_finite() or cost < 0 or cost >= 10**10):
            errors[f"lines.{i}.unit_cost"] = _("Enter a cost of zero or more.")
    if errors:
        raise Invalid(errors)


def _storage_for(actor: Actor, storage_id: int, kind: str) -> Storage:
    try:
        storage = access_storage(actor=actor, storage_id=storage_id)
    except NotFound:
        raise Invalid({"storage_id": _("No storage %(id)s.") % {"id": storage_id}}) from None
    if not storage.is_active and kind not in RETURNS:
        raise Invalid(
            {"storage_id": _("The storage “%(name)s” is closed.") % {"name": storage.name}}
        )
    return storage


def _shortages(
    products: dict[int, Product], storage: Storage, lines: list[StockLine], deltas: list[Decimal]
) -> InsufficientStock | None:
    change: dict[int, Decimal] = defaultdict(Decimal)
    for line, delta in zip(lines, deltas, strict=True):
        change[line.product_id] += delta
    taking = [product_id for product_id, delta in change.items() if delta < 0]
    if not taking:
        return None
    stock = stock_sums(chain_id=storage.chain_id, storage_id=storage.pk, product_ids=taking)
    short = {pid: stock[pid] for pid in taking if stock[pid] + change[pid] < 0}
    if not short:
        return None
    errors: dict[str, list[str] | str] = {}
    shortages: list[Shortage] = []
    for i, line in enumerate(lines):
        pid = line.product_id
        if pid not in short or any(s.product_id == pid for s in shortages):
            continue
        product = products[pid]
        shortage = Shortage(
            product_id=pid,
            name=product.name,
            unit=product.unit,
            in_stock=short[pid],
            requested=-change[pid],
        )
        shortages.append(shortage)
        errors[f"lines.{i}.quantity"] = _(
            "Only %(in_stock)s %(unit)s of “%(name)s” in %(storage)s; %(requested)s asked for."
        ) % {
            "in_stock": _quantity_text(shortage.in_stock),
            "unit": product.get_unit_display(),
            "name": product.name,
            "storage": storage.name,
            "requested": _quantity_text(shortage.requested),
        }
    return InsufficientStock(errors, shortages)


def move_stock(
    *,
    actor: Actor,
    storage_id: int,
    lines: list[StockLine],
    kind: str,
    source: str = "",
    source_id: int | None = None,
    note: str = "",
    allow_negative: bool = False,
) -> list[StockMovement]:
    """Append one movement per line to the stock ledger of a storage; return them.

    MUST be called inside the caller's transaction (`transaction.atomic`): the movements and
    their change events commit or roll back with whatever caused them (a paid visit, a sale
    line). It opens only a savepoint of its own, so a refusal leaves the caller's transaction
    usable.

    `kind` says which way the lines go: receipt, sale_return and consumption_return bring
    stock in, sale, consumption and write_off take it out (quantities above zero either way);
    an adjustment's quantity is signed. A move that would take the stock of a product below
    zero is refused (`InsufficientStock`, a 422 naming the line, the product and what is in
    stock) unless `allow_negative` (the checkout's choice for consumables: a visit is not
    held up because a tube was not booked in). Lines of one product are added up for that
    check.

    No right is checked here: each caller checks its own (receiving needs stock.manage, a
    sale the checkout's rights). The storage and products must be the actor's chain's (422
    naming `storage_id` / `lines.N.product_id` otherwise), and the storage open unless the
    move puts back what a sale or a visit took.

    Concurrency: the products' rows are locked in id order (`lock_products`) before the
    stock is summed, so two sales of the last item queue and the second is refused. If the
    caller locks rows of its own too, it must take them before calling this, never after.

    `source`/`source_id` name what caused the move (e.g. "sale_line", 42); `unit_cost` of a
    line defaults to the product's current cost.
    """
    _check_request(lines, kind=kind, source=source, note=note)
    with transaction.atomic():
        storage = _storage_for(actor, storage_id, kind)
        products = _products_of(actor, lines)
        sign = 1 if kind in INCOMING else -1 if kind in OUTGOING else None
        deltas = [
            exact_quantity(line.quantity) * sign if sign else exact_quantity(line.quantity)
            for line in lines
        ]
        if not allow_negative:
            refusal = _shortages(products, storage, lines, deltas)
            if refusal is not None:
                raise refusal
        return _append_movements(
            actor,
            storage,
            products,
            zip(lines, deltas, strict=True),
            kind=kind,
            source=source,
            source_id=source_id,
            note=note,
        )


def _check_request(lines: list[StockLine], *, kind: str, source: str, note: str) -> None:
    """What move_stock refuses before it reads anything: a call outside a transaction, an
    unknown kind or an over-long source (the caller's mistakes), a long note, bad lines."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("move_stock must be called inside the caller's transaction")
    if kind not in MovementKind.values:
        raise ValueError(f"unknown stock movement kind {kind!r}")
    if len(note) > MAX_NOTE:
        raise Invalid({"note": _("Keep the note under %(n)s characters.") % {"n": MAX_NOTE}})
    if len(source) > 40:
        raise ValueError("source names a kind of record in at most 40 characters")
    _check_lines(lines, kind)


def _products_of(actor: Actor, lines: list[StockLine]) -> dict[int, Product]:
    """The lines' products, locked in id order; a line naming none of the chain's is refused."""
    products = lock_products(chain_id=actor.chain_id, product_ids=[ln.product_id for ln in lines])
    missing = {
        f"lines.{i}.product_id": _("No product %(id)s.") % {"id": line.product_id}
        for i, line in enumerate(lines)
        if line.product_id not in products
    }
    if missing:
        raise Invalid(missing)
    return products


def _append_movements(
    actor: Actor,
    storage: Storage,
    products: dict[int, Product],
    moves: Iterable[tuple[StockLine, Decimal]],
    *,
    kind: str,
    source: str,
    source_id: int | None,
    note: str,
) -> list[StockMovement]:
    """One ledger row per (line, signed quantity), each with its change event."""
    currency = actor.chain.currency
    movements = StockMovement.objects.bulk_create(
        StockMovement(
            chain_id=actor.chain_id,
            storage=storage,
            product=products[line.product_id],
            quantity=delta,
            kind=kind,
            unit_cost=round_money(
                line.unit_cost if line.unit_cost is not None else products[line.product_id].cost,
                currency,
            ),
            note=note,
            source=source,
            source_id=source_id,
            created_by_id=actor.user_id,
        )
        for line, delta in moves
    )
    for movement in movements:
        record_change(
            actor=actor,
            entity="stock_movement",
            entity_id=movement.pk,
            action="created",
            data={
                "storage_id": storage.pk,
                "product_id": movement.product_id,
                "quantity": str(movement.quantity),
                "kind": kind,
                "source": source,
                "source_id": source_id,
            },
        )
    return movements


@transaction.atomic
def receive_stock(
    *, actor: Actor, storage_id: int, lines: list[StockLine], note: str = ""
) -> list[StockMovement]:
    """A receipt: products come into a storage, each line at its unit cost (the product's
    cost when not given)."""
    require(actor, "stock.manage")
    return move_stock(
        actor=actor,
        storage_id=storage_id,
        lines=lines,
        kind=MovementKind.RECEIPT,
        source="receipt",
        note=note.strip(),
    )


@transaction.atomic
def write_off_stock(
    *, actor: Actor, storage_id: int, lines: list[StockLine], reason: str
) -> list[StockMovement]:
    """A manual write-off (damaged, expired, used in the salon...): `reason` is required.
    Refused, with nothing written, if it would take any product's stock below zero."""
    require(actor, "stock.manage")
    reason = reason.strip()
    if not reason:
        raise Invalid({"reason": _("Say why the stock is written off.")})
    return move_stock(
        actor=actor,
        storage_id=storage_id,
        lines=lines,
        kind=MovementKind.WRITE_OFF,
        source="write_off",
        note=reason,
    )
