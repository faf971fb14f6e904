"""Helpers for the loyalty tests: a salon's membership and gift card types, certificates sold
from them, and what their ledgers hold."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from salonbook.loyalty.models import Certificate, CertificateEntry, CertificateType
from salonbook.loyalty.services import create_certificate_type, issue_certificate
from tests.salon import Salon


def membership_type(salon: Salon, **overrides: Any) -> CertificateType:
    """Ten visits for 350, valid a year (any service unless `service_ids` say otherwise)."""
    terms: dict[str, Any] = {
        "kind": "membership",
        "name": "10 visits",
        "price": Decimal("350.00"),
        "visits": 10,
        "validity_days": 365,
        **overrides,
    }
    return create_certificate_type(actor=salon.actor(), **terms)


def gift_card_type(salon: Salon, **overrides: Any) -> CertificateType:
    """A 100 gift card sold for 90, valid half a year."""
    terms: dict[str, Any] = {
        "kind": "gift_card",
        "name": "Gift card 100",
        "price": Decimal("90.00"),
        "face_value": Decimal("100.00"),
        "validity_days": 180,
        **overrides,
    }
    return create_certificate_type(actor=salon.actor(), **terms)


def sell(
    salon: Salon, certificate_type: CertificateType, role: str = "owner", **kwargs: Any
) -> Certificate:
    return issue_certificate(actor=salon.actor(role), type_id=certificate_type.pk, **kwargs)


def ledger(certificate: Certificate) -> list[tuple[str, Decimal, int]]:
    """The certificate's entries as (kind, amount, visits), oldest first."""
    return list(
        CertificateEntry.objects.filter(certificate=certificate)
        .order_by("id")
        .values_list("kind", "amount", "visits")
    )


def all_entries() -> list[tuple[int, int, str, Decimal, int]]:
    """Every ledger row of every certificate, to show that a refusal touched none."""
    return list(
        CertificateEntry.objects.order_by("id").values_list(
            "id", "certificate_id", "kind", "amount", "visits"
        )
    )


def take(certificate: Certificate, *, amount: str = "0", visits: int = 0) -> None:
    """Spend from a certificate as the checkout will (redeeming is not built yet): one entry."""
    CertificateEntry.objects.create(
        certificate=certificate,
        kind=CertificateEntry.Kind.REDEEMED,
        amount=-Decimal(amount),
        visits=-visits,
    )
