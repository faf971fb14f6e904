"""Products, storages and stock for tests, made through the services like everything else:
`shampoo = product(salon)`, `shelf = storage(salon)`, `receive(salon, shelf, {shampoo: 5})`."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from salonbook.catalog.models import Product
from salonbook.catalog.services import create_product
from salonbook.inventory.models import StockMovement, Storage
from salonbook.inventory.selectors import stock_sums
from salonbook.inventory.services import StockLine, create_storage, move_stock, receive_stock
from tests.salon import Salon


def product(salon: Salon, name: str = "Shampoo", **options) -> Product:
    options.setdefault("price", Decimal("20.00"))
    options.setdefault("cost", Decimal("8.00"))
    return create_product(actor=salon.actor(), name=name, **options)


def consumable(salon: Salon, name: str = "Hair dye", **options) -> Product:
    options.setdefault("unit", "ml")
    options.setdefault("for_sale", False)
    return product(salon, name, is_consumable=True, **options)


def storage(salon: Salon, name: str = "Main storage") -> Storage:
    return create_storage(actor=salon.actor(), location_id=salon.location.pk, name=name)


def receive(salon: Salon, into: Storage, quantities: dict[Product, str | int]) -> None:
    receive_stock(
        actor=salon.actor(),
        storage_id=into.pk,
        lines=[StockLine(product_id=p.pk, quantity=Decimal(q)) for p, q in quantities.items()],
    )


def sell(salon: Salon, where: Storage, quantities: dict[Product, str | int], **options):
    """What the checkout does when it sells: move_stock inside its own transaction."""
    with transaction.atomic():
        return move_stock(
            actor=salon.actor(options.pop("role", "owner")),
            storage_id=where.pk,
            lines=[StockLine(product_id=p.pk, quantity=Decimal(q)) for p, q in quantities.items()],
            kind=options.pop("kind", "sale"),
            **options,
        )


def in_stock(where: Storage, what: Product) -> Decimal:
    return stock_sums(chain_id=where.chain_id, storage_id=where.pk, product_ids=[what.pk])[what.pk]


def ledger(salon: Salon) -> list[tuple]:
    """Every movement of the salon, as stored."""
    return list(
        StockMovement.objects.filter(chain=salon.chain)
        .order_by("pk")
        .values_list("pk", "storage_id", "product_id", "quantity", "kind", "unit_cost", "note")
    )
