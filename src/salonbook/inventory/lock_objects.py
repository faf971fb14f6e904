"""The one way stock is locked before it is checked and moved.

Stock has no row of its own to lock (it is a sum of movements), so a move locks the rows of
the products it moves: two sales of the last bottle queue on that product's row, and the second
one sums the movements only after the first has committed (PostgreSQL; SQLite's IMMEDIATE
transactions already admit one writer at a time, and `select_for_update` is a no-op there).
"""

from __future__ import annotations

from collections.abc import Iterable

from salonbook.catalog.models import Product


def lock_products(*, chain_id: int, product_ids: Iterable[int]) -> dict[int, Product]:
    """Lock the chain's products among `product_ids` until the transaction ends; return them
    by id (ids of other chains or of nothing are left out, for the caller to refuse).

    The rows are locked in primary-key order. Every transaction that moves stock takes these
    locks in that one order, so two of them can never each hold a product the other waits
    for: that is what keeps concurrent sales of the same products free of deadlocks. A caller
    that moves stock more than once in one transaction (say, a sale from one storage and
    consumables from another) should call this first with every product it will move, so
    that a later, smaller call only re-takes locks it already holds.
    """
    ids = sorted(set(product_ids))
    if not ids:
        return {}
    rows = Product.objects.select_for_update().filter(chain_id=chain_id, pk__in=ids).order_by("pk")
    return {product.pk: product for product in rows}
