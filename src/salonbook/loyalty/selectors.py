"""Reading memberships and gift cards: the types on sale, certificates sold, their balances."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.catalog.models import Service
from salonbook.clients.selectors import access_client
from salonbook.errors import NotFound
from salonbook.loyalty.codes import normalize_code
from salonbook.loyalty.models import Certificate, CertificateEntry, CertificateType
from salonbook.tenancy.context import Actor

VIEW = "loyalty.view"
MANAGE = "loyalty.manage"


def shown_code(*, actor: Actor, code: str) -> str:
    """A code as this actor may see it: a gift card's code is as good as its money, so it is
    whole only to who manages memberships and gift cards; others see its last four."""
    return code if actor.can(MANAGE) else "…" + code[-4:]


# --- types -----------------------------------------------------------------------------------


def certificate_type_list(
    *, actor: Actor, kind: str | None = None, active: bool | None = None
) -> QuerySet[CertificateType]:
    """The chain's membership and gift card types in the salon's order, with the services
    each covers (one more query, whatever the number of types)."""
    require(actor, VIEW)
    qs = CertificateType.objects.filter(chain_id=actor.chain_id).prefetch_related("services")
    if kind:
        qs = qs.filter(kind=kind)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs


def access_certificate_type(*, actor: Actor, type_id: int, lock: bool = False) -> CertificateType:
    qs = CertificateType.objects.filter(chain_id=actor.chain_id)
    if lock:
        qs = qs.select_for_update()
    try:
        return qs.get(pk=type_id)
    except CertificateType.DoesNotExist:
        raise NotFound(
            _("Membership or gift card type %(id)s not found.") % {"id": type_id}
        ) from None


def visible_certificate_type(*, actor: Actor, type_id: int) -> CertificateType:
    """One type, for who may see them (NotFound across chains)."""
    require(actor, VIEW)
    return access_certificate_type(actor=actor, type_id=type_id)


def coverable_services(*, actor: Actor, type_id: int | None = None) -> QuerySet[Service]:
    """The services a membership may be set to cover: the chain's active ones, and those the
    type `type_id` covers already (withdrawn since, they may stay), in the catalogue's order."""
    require(actor, VIEW)
    wanted = Q(is_active=True)
    if type_id is not None:
        wanted |= Q(
            pk__in=CertificateType.services.through.objects.filter(
                certificatetype_id=type_id
            ).values("service_id")
        )
    return (
        Service.objects.filter(wanted, chain_id=actor.chain_id)
        .select_related("category")
        .order_by("category__sort_order", "category__name", "sort_order", "name", "id")
    )


# --- balances --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Balance:
    """What is left on a certificate: money on a gift card, visits on a membership (the other
    figure is zero)."""

    amount: Decimal = Decimal("0.00")
    visits: int = 0


# Ledger amounts are stored with two decimals; SQLite's sums lose the scale (100 for 100.00).
_CENTS = Decimal("0.01")


def _stored(amount: Decimal | None) -> Decimal:
    return (amount or Decimal(0)).quantize(_CENTS)


def certificate_balances(certificate_ids: Iterable[int]) -> dict[int, Balance]:
    """The balance of each certificate, as the sum of its ledger: one query for them all."""
    ids = list(certificate_ids)
    sums = (
        CertificateEntry.objects.filter(certificate_id__in=ids)
        .values("certificate_id")
        .annotate(amount=Sum("amount"), visits=Sum("visits"))
        .order_by()
    )
    balances = {i: Balance() for i in ids}
    for row in sums:
        balances[row["certificate_id"]] = Balance(
            amount=_stored(row["amount"]), visits=row["visits"] or 0
        )
    return balances


def certificate_balance(certificate: Certificate) -> Balance:
    """A certificate's balance: the sum of its ledger. To act on it, lock the certificate first
    (`loyalty.lock_objects.lock_certificates`), then read this."""
    return certificate_balances([certificate.pk])[certificate.pk]


def issued_balance(certificate: Certificate) -> Balance:
    """What the certificate was issued with (its `issued` entries)."""
    sums = CertificateEntry.objects.filter(
        certificate=certificate, kind=CertificateEntry.Kind.ISSUED
    ).aggregate(amount=Sum("amount"), visits=Sum("visits"))
    return Balance(amount=_stored(sums["amount"]), visits=sums["visits"] or 0)


# --- certificates ----------------------------------------------------------------------------


@dataclass
class HeldCertificate:
    """A certificate with its balance, as lists show it."""

    certificate: Certificate
    balance: Balance
    now: datetime = field(default_factory=timezone.now)

    @property
    def is_expired(self) -> bool:
        return self.certificate.is_expired_at(self.now)

    @property
    def is_usable(self) -> bool:
        """Active, not expired, and something left on it."""
        left = self.balance.amount > 0 or self.balance.visits > 0
        return not self.certificate.is_void and not self.is_expired and left


def with_balances(certificates: Iterable[Certificate]) -> list[HeldCertificate]:
    rows = list(certificates)
    balances = certificate_balances(c.pk for c in rows)
    now = timezone.now()
    return [HeldCertificate(c, balances[c.pk], now) for c in rows]


def access_certificate(*, actor: Actor, certificate_id: int) -> Certificate:
    """A certificate of the actor's chain, with its type (NotFound across chains). To change
    its balance or status, lock it with `loyalty.lock_objects.lock_certificates` instead."""
    try:
        return Certificate.objects.select_related("type", "client").get(
            chain_id=actor.chain_id, pk=certificate_id
        )
    except Certificate.DoesNotExist:
        raise NotFound(_("Certificate %(id)s not found.") % {"id": certificate_id}) from None


def visible_certificate(*, actor: Actor, certificate_id: int) -> Certificate:
    require(actor, VIEW)
    return access_certificate(actor=actor, certificate_id=certificate_id)


def certificate_list(
    *, actor: Actor, client_id: int | None = None, code: str = "", limit: int = 200
) -> list[HeldCertificate]:
    """Certificates of the chain, newest first, with their balances (two queries): of one
    client, and/or with one code (typed in any case, with or without separators; voided
    certificates that had the code too)."""
    require(actor, VIEW)
    qs = Certificate.objects.filter(chain_id=actor.chain_id).select_related("type", "client")
    if client_id is not None:
        qs = qs.filter(client_id=client_id)
    if code.strip():
        # Looking a code up tells whether a guess exists: only for who may see codes whole.
        require(actor, MANAGE)
        qs = qs.filter(code=normalize_code(code))
    return with_balances(qs[: max(1, min(limit, 500))])


def certificate_by_code(*, actor: Actor, code: str) -> Certificate:
    """The live (not voided) certificate with `code`, typed in any case, with or without
    spaces and hyphens; NotFound if there is none in the actor's chain."""
    require(actor, MANAGE)
    normalized = normalize_code(code)
    found = (
        Certificate.objects.filter(chain_id=actor.chain_id, code=normalized)
        .exclude(status=Certificate.Status.VOID)
        .select_related("type", "client")
        .first()
    )
    if found is None or not normalized:
        raise NotFound(_("No membership or gift card has the code %(code)s.") % {"code": code})
    return found


def client_certificates(*, actor: Actor, client_id: int) -> list[HeldCertificate]:
    """A client's memberships and gift cards with their balances, newest first (voided ones
    too: the screen says so). NotFound for a client of another chain."""
    require(actor, VIEW)
    access_client(actor=actor, client_id=client_id)
    qs = Certificate.objects.filter(chain_id=actor.chain_id, client_id=client_id)
    return with_balances(qs.select_related("type"))


def certificate_entries(*, certificate: Certificate) -> QuerySet[CertificateEntry]:
    """A certificate's ledger, oldest first."""
    return CertificateEntry.objects.filter(certificate=certificate).order_by("id")
