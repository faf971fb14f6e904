"""Writes on memberships and gift cards: their types, and the certificates sold from them.

The checkout sells a certificate inside its own transaction: it calls `issue_certificate` with
its sale line as the source, and `void_certificate` when the sale is deleted; the round-arrow
button next to the code input calls `generate_certificate_code`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.catalog.models import Service
from salonbook.clients.selectors import access_client
from salonbook.errors import Conflict, Invalid, NotFound
from salonbook.loyalty.codes import code_problem, normalize_code, random_code
from salonbook.loyalty.lock_objects import lock_certificates
from salonbook.loyalty.models import Certificate, CertificateEntry, CertificateType
from salonbook.loyalty.selectors import (
    access_certificate_type,
    certificate_balance,
    issued_balance,
)
from salonbook.money import round_money
from salonbook.sync.services import record_change
from salonbook.sync.versioned import changing
from salonbook.tenancy.context import Actor
from salonbook.validation import full_clean_or_invalid

MANAGE = "loyalty.manage"

# What an edit may change; the kind is fixed at creation.
TYPE_FIELDS = (
    "name",
    "price",
    "face_value",
    "visits",
    "service_ids",
    "validity_days",
    "is_active",
    "sort_order",
)

# Generated codes that turn out to be taken are drawn again; with ~8 * 10^14 codes, a second
# draw is already a rarity, and running out of attempts means the random source is broken.
CODE_ATTEMPTS = 20


class CertificateUsed(Conflict):
    """A certificate something was taken from cannot be voided."""

    title = "Certificate is used"


# --- types -----------------------------------------------------------------------------------


def _check_terms(certificate_type: CertificateType) -> None:
    """The values a type must keep together (each alone is checked by `full_clean`): a gift
    card has a face value and no visits, a membership a number of visits and no face value."""
    errors: dict[str, str] = {}
    if certificate_type.is_gift_card:
        if certificate_type.face_value is None:
            errors["face_value"] = _("A gift card needs its face value.")
        elif certificate_type.face_value <= 0:
            errors["face_value"] = _("A gift card's face value is above zero.")
        if certificate_type.visits is not None:
            errors["visits"] = _("A gift card gives money, not visits.")
    else:
        if certificate_type.visits is None:
            errors["visits"] = _("A membership needs its number of visits.")
        if certificate_type.face_value is not None:
            errors["face_value"] = _("A membership gives visits, not money.")
    if errors:
        raise Invalid(errors)


def _covered_services(
    actor: Actor, certificate_type: CertificateType, service_ids: Iterable[int]
) -> list[Service]:
    """The services a membership is to cover: the chain's, each once. A service withdrawn
    since it was put on the membership may stay, but cannot be added."""
    ids = list(service_ids)
    if ids and certificate_type.is_gift_card:
        raise Invalid({"service_ids": _("A gift card is spent on anything; it lists no services.")})
    if len(ids) != len(set(ids)):
        raise Invalid({"service_ids": _("A service is listed twice.")})
    found = {s.pk: s for s in Service.objects.filter(chain_id=actor.chain_id, pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise Invalid(
            {"service_ids": _("Unknown services: %(ids)s.") % {"ids": ", ".join(map(str, missing))}}
        )
    kept = (
        set(certificate_type.services.values_list("pk", flat=True))
        if certificate_type.pk
        else set()
    )
    withdrawn = [s.name for s in found.values() if not s.is_active and s.pk not in kept]
    if withdrawn:
        raise Invalid(
            {"service_ids": _("Withdrawn services: %(names)s.") % {"names": ", ".join(withdrawn)}}
        )
    return [found[i] for i in ids]


def _money(actor: Actor, value: Decimal | None) -> Decimal | None:
    return None if value is None else round_money(value, actor.chain.currency)


@transaction.atomic
def create_certificate_type(
    *,
    actor: Actor,
    kind: str,
    name: str,
    price: Decimal,
    face_value: Decimal | None = None,
    visits: int | None = None,
    service_ids: Iterable[int] = (),
    validity_days: int | None = None,
    sort_order: int = 0,
) -> CertificateType:
    """A new membership (`visits`, optionally `service_ids`: none means any service) or gift
    card (`face_value`) type, on sale at once."""
    require(actor, MANAGE)
    certificate_type = CertificateType(
        chain=actor.chain,
        kind=kind,
        name=name,
        price=_money(actor, price),
        face_value=_money(actor, face_value),
        visits=visits,
        validity_days=validity_days,
        sort_order=sort_order,
    )
    full_clean_or_invalid(certificate_type, exclude=["chain"])
    _check_terms(certificate_type)
    services = _covered_services(actor, certificate_type, service_ids)
    certificate_type.save()
    certificate_type.services.set(services)
    record_change(
        actor=actor,
        entity="certificate_type",
        entity_id=certificate_type.pk,
        action="created",
        data={"kind": certificate_type.kind},
    )
    return certificate_type


@transaction.atomic
def update_certificate_type(
    *, actor: Actor, type_id: int, expected_version: int | None = None, **changes: Any
) -> CertificateType:
    """Change some of a type's `TYPE_FIELDS` (not its kind); `is_active=False` takes it off
    sale. Certificates already sold keep what they were sold with: their balance and expiry
    are their own; the services a membership covers are read from its type."""
    require(actor, MANAGE)
    certificate_type = access_certificate_type(actor=actor, type_id=type_id, lock=True)
    with changing(
        certificate_type,
        actor=actor,
        entity="certificate_type",
        expected_version=expected_version,
    ) as change:
        for name in ("price", "face_value"):
            if changes.get(name) is not None:
                changes[name] = _money(actor, changes[name])
        service_ids = changes.pop("service_ids", None)
        change.apply(
            changes, allowed=[f for f in TYPE_FIELDS if f != "service_ids"], exclude=["chain"]
        )
        _check_terms(certificate_type)
        if service_ids is not None:
            services = _covered_services(actor, certificate_type, service_ids)
            certificate_type.services.set(services)
            change.fields.add("service_ids")
    return certificate_type


# --- codes -----------------------------------------------------------------------------------


def _code_taken(chain_id: int, code: str) -> Certificate | None:
    return (
        Certificate.objects.filter(chain_id=chain_id, code=code)
        .exclude(status=Certificate.Status.VOID)
        .select_related("type")
        .first()
    )


def _fresh_code(chain_id: int) -> str:
    for _attempt in range(CODE_ATTEMPTS):
        code = random_code()
        if _code_taken(chain_id, code) is None:
            return code
    raise RuntimeError(f"no free certificate code after {CODE_ATTEMPTS} draws")


def generate_certificate_code(*, actor: Actor) -> str:
    """A code no live certificate of the chain has (see `loyalty.codes`): ten characters from
    an alphabet without look-alikes. Nothing is reserved: `issue_certificate` checks the code
    again when it is used."""
    require(actor, MANAGE)
    return _fresh_code(actor.chain_id)


# --- certificates ----------------------------------------------------------------------------


def _taken_message(code: str, holder: Certificate | None) -> str:
    if holder is None:
        return _("Code %(code)s is already in use.") % {"code": code}
    return _("Code %(code)s is already in use (“%(name)s”).") % {
        "code": code,
        "name": holder.type.name,
    }


@transaction.atomic
def issue_certificate(
    *,
    actor: Actor,
    type_id: int,
    code: str | None = None,
    client_id: int | None = None,
    source: str = "",
    source_id: int | None = None,
) -> Certificate:
    """Sell a membership or gift card of an active type: the certificate, and the `issued`
    entry of its ledger (the type's face value, or its number of visits).

    `code` is read as `loyalty.codes.normalize_code` says; without one (None or blank) a fresh
    code is generated. A code in use by a live certificate of the chain is refused (422 on
    "code"). `expires_at` is the sale plus the type's `validity_days`. The checkout calls this
    inside its transaction with `source="sale_line"` and the line's id.
    """
    require(actor, MANAGE)
    certificate_type = access_certificate_type(actor=actor, type_id=type_id)
    if not certificate_type.is_active:
        raise Invalid(
            {"type_id": _("“%(name)s” is no longer sold.") % {"name": certificate_type.name}}
        )
    if client_id is not None:
        try:
            access_client(actor=actor, client_id=client_id)
        except NotFound:
            raise Invalid({"client_id": _("No client %(id)s.") % {"id": client_id}}) from None
    generated = code is None or not code.strip()
    if generated:
        code = _fresh_code(actor.chain_id)
    else:
        assert code is not None
        code = normalize_code(code)
        problem = code_problem(code)
        if problem:
            raise Invalid({"code": problem})
        holder = _code_taken(actor.chain_id, code)
        if holder is not None:
            raise Invalid({"code": _taken_message(code, holder)})
    sold_at = timezone.now()
    validity = certificate_type.validity_days
    certificate = Certificate(
        chain=actor.chain,
        type=certificate_type,
        code=code,
        client_id=client_id,
        sold_at=sold_at,
        expires_at=sold_at + timedelta(days=validity) if validity else None,
        source=source,
        source_id=source_id,
    )
    full_clean_or_invalid(certificate, exclude=["chain", "type", "client"])
    _save_new_certificate(certificate, generated=generated)
    CertificateEntry.objects.create(
        certificate=certificate,
        kind=CertificateEntry.Kind.ISSUED,
        amount=certificate_type.face_value or Decimal(0),
        visits=certificate_type.visits or 0,
        source=source,
        source_id=source_id,
        created_by_id=actor.user_id,
    )
    # No code in the event: the feed is read by roles that may not see codes, and a gift
    # card's code is as good as its money.
    record_change(
        actor=actor,
        entity="certificate",
        entity_id=certificate.pk,
        action="issued",
        data={
            "type_id": certificate_type.pk,
            "kind": certificate_type.kind,
            "client_id": client_id,
            "source": source,
            "source_id": source_id,
        },
    )
    return certificate


def _save_new_certificate(certificate: Certificate, *, generated: bool) -> None:
    """Insert the certificate. The code was checked free just before; a writer racing for the
    same code on PostgreSQL meets this one at the unique index instead: a typed code is then
    refused like any code in use, a generated one is drawn again."""
    for _attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                certificate.save()
            return
        except IntegrityError:
            if not generated:
                raise Invalid({"code": _taken_message(certificate.code, None)}) from None
            certificate.code = _fresh_code(certificate.chain_id)
    raise RuntimeError(f"no free certificate code after {CODE_ATTEMPTS} draws")


@transaction.atomic
def void_certificate(
    *, actor: Actor, certificate_id: int, source: str = "", source_id: int | None = None
) -> Certificate:
    """Undo a sale: the certificate becomes void, and a `voided` entry brings its balance to
    zero. Only while nothing was taken from it (its balance is what it was issued with);
    otherwise, and for one already void, `CertificateUsed`/`Conflict` (409) and nothing is
    written. The checkout calls this inside its transaction when the sale line is deleted.
    """
    require(actor, MANAGE)
    certificate = lock_certificates(chain_id=actor.chain_id, certificate_ids=[certificate_id]).get(
        certificate_id
    )
    if certificate is None:
        raise NotFound(_("Certificate %(id)s not found.") % {"id": certificate_id})
    if certificate.is_void:
        raise Conflict(_("Certificate %(code)s is already void.") % {"code": certificate.code})
    balance = certificate_balance(certificate)
    issued = issued_balance(certificate)
    if balance != issued:
        if certificate.type.is_gift_card:
            message = _(
                "Gift card %(code)s has been used (%(left)s of %(issued)s left): it cannot be "
                "voided."
            ) % {"code": certificate.code, "left": balance.amount, "issued": issued.amount}
        else:
            message = _(
                "Membership %(code)s has been used (%(left)s of %(issued)s visits left): it "
                "cannot be voided."
            ) % {"code": certificate.code, "left": balance.visits, "issued": issued.visits}
        raise CertificateUsed(message)
    CertificateEntry.objects.create(
        certificate=certificate,
        kind=CertificateEntry.Kind.VOIDED,
        amount=-balance.amount,
        visits=-balance.visits,
        source=source,
        source_id=source_id,
        created_by_id=actor.user_id,
    )
    certificate.status = Certificate.Status.VOID
    certificate.version += 1
    certificate.save(update_fields=["status", "version"])
    record_change(
        actor=actor,
        entity="certificate",
        entity_id=certificate.pk,
        action="voided",
        version=certificate.version,
        data={
            "type_id": certificate.type_id,
            "client_id": certificate.client_id,
            "source": source,
            "source_id": source_id,
        },
    )
    return certificate
