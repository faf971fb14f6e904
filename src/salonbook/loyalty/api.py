"""Memberships and gift cards: their types (the settings), certificates sold, fresh codes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from salonbook.http import if_match_version, set_etag
from salonbook.loyalty import selectors, services
from salonbook.loyalty.models import CertificateType
from salonbook.loyalty.schemas import (
    CertificateDetailOut,
    CertificateFilter,
    CertificateOut,
    CertificateTypeFilter,
    CertificateTypeIn,
    CertificateTypeOut,
    CertificateTypePatch,
    CodeOut,
)
from salonbook.loyalty.selectors import HeldCertificate
from salonbook.tenancy.context import Actor, actor_of

router = Router()


def _type(certificate_type: CertificateType) -> dict[str, Any]:
    return {
        "id": certificate_type.pk,
        "kind": certificate_type.kind,
        "name": certificate_type.name,
        "price": certificate_type.price,
        "face_value": certificate_type.face_value,
        "visits": certificate_type.visits,
        "service_ids": sorted(s.pk for s in certificate_type.services.all()),
        "validity_days": certificate_type.validity_days,
        "is_active": certificate_type.is_active,
        "sort_order": certificate_type.sort_order,
        "version": certificate_type.version,
    }


def _certificate(actor: Actor, held: HeldCertificate) -> dict[str, Any]:
    certificate = held.certificate
    gift_card = certificate.type.is_gift_card
    return {
        "id": certificate.pk,
        "type_id": certificate.type_id,
        "type_name": certificate.type.name,
        "kind": certificate.type.kind,
        "code": selectors.shown_code(actor=actor, code=certificate.code),
        "client_id": certificate.client_id,
        "sold_at": certificate.sold_at,
        "expires_at": certificate.expires_at,
        "status": certificate.status,
        "is_expired": held.is_expired,
        "balance": held.balance.amount if gift_card else None,
        "visits_left": None if gift_card else held.balance.visits,
        "source": certificate.source,
        "source_id": certificate.source_id,
        "version": certificate.version,
    }


@router.get("/certificate-types", response=list[CertificateTypeOut])
def list_certificate_types(request: HttpRequest, params: Query[CertificateTypeFilter]):
    """Membership and gift card types, in the salon's order (inactive ones too unless
    `active` says otherwise)."""
    types = selectors.certificate_type_list(
        actor=actor_of(request), kind=params.kind, active=params.active
    )
    return [_type(t) for t in types]


@router.post("/certificate-types", response={201: CertificateTypeOut})
def create_certificate_type(
    request: HttpRequest, response: HttpResponse, payload: CertificateTypeIn
):
    """A membership (`visits`, optionally `service_ids`) or a gift card (`face_value`)."""
    created = services.create_certificate_type(actor=actor_of(request), **payload.dict())
    set_etag(response, created.version)
    return Status(201, _type(created))


@router.get("/certificate-types/{type_id}", response=CertificateTypeOut)
def get_certificate_type(request: HttpRequest, response: HttpResponse, type_id: int):
    found = selectors.visible_certificate_type(actor=actor_of(request), type_id=type_id)
    set_etag(response, found.version)
    return _type(found)


@router.patch("/certificate-types/{type_id}", response=CertificateTypeOut)
def update_certificate_type(
    request: HttpRequest, response: HttpResponse, type_id: int, payload: CertificateTypePatch
):
    """Change a type (not its kind); `is_active: false` takes it off sale. Honours If-Match."""
    updated = services.update_certificate_type(
        actor=actor_of(request),
        type_id=type_id,
        expected_version=if_match_version(request),
        **payload.dict(exclude_unset=True),
    )
    set_etag(response, updated.version)
    return _type(updated)


@router.get("/certificates", response=list[CertificateOut])
def list_certificates(request: HttpRequest, params: Query[CertificateFilter]):
    """Certificates sold, newest first, with their balances: of a client, with a code."""
    actor = actor_of(request)
    held = selectors.certificate_list(actor=actor, client_id=params.client_id, code=params.code)
    return [_certificate(actor, h) for h in held]


# Declared before /certificates/{certificate_id}, whose pattern would take "codes" too.
@router.post("/certificates/codes", response=CodeOut)
def new_certificate_code(request: HttpRequest):
    """A fresh code for a certificate about to be sold (nothing is reserved)."""
    return {"code": services.generate_certificate_code(actor=actor_of(request))}


@router.get("/certificates/{certificate_id}", response=CertificateDetailOut)
def get_certificate(request: HttpRequest, response: HttpResponse, certificate_id: int):
    """One certificate with its balance and its ledger."""
    actor = actor_of(request)
    certificate = selectors.visible_certificate(actor=actor, certificate_id=certificate_id)
    (held,) = selectors.with_balances([certificate])
    entries = selectors.certificate_entries(certificate=certificate)
    set_etag(response, certificate.version)
    return {**_certificate(actor, held), "entries": list(entries)}
