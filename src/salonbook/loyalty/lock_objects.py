"""The one way certificates are locked before their balance is read and written.

A balance has no row of its own (it is the sum of the ledger), so whatever changes it (void,
and later redeem and adjust) first locks the certificate's row: two redemptions of the same
gift card queue there, and the second sums the ledger only after the first has committed
(PostgreSQL; SQLite's IMMEDIATE transactions already admit one writer at a time, and
`select_for_update` is a no-op there).
"""

from __future__ import annotations

from collections.abc import Iterable

from salonbook.loyalty.models import Certificate


def lock_certificates(*, chain_id: int, certificate_ids: Iterable[int]) -> dict[int, Certificate]:
    """Lock the chain's certificates among `certificate_ids` until the transaction ends; return
    them by id (ids of other chains or of nothing are left out, for the caller to refuse).

    The rows are locked in primary-key order, always. A visit paid with two gift cards while
    another visit is paid with the same two would otherwise be able to lock them in opposite
    orders, each transaction holding the card the other waits for: a deadlock. With one order
    for everyone, the second transaction simply waits for the first.
    """
    ids = sorted(set(certificate_ids))
    if not ids:
        return {}
    rows = (
        # of=self: the type is read along, but only the certificates are locked (locking the
        # type would make every sale of it wait).
        Certificate.objects.select_for_update(of=("self",))
        .filter(chain_id=chain_id, pk__in=ids)
        .select_related("type")
        .order_by("pk")
    )
    return {certificate.pk: certificate for certificate in rows}
