from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from salonbook.accounts import services
from salonbook.accounts.schemas import MeOut, TokenIn, TokenOut
from salonbook.tenancy.context import actor_of

router = Router()


@router.get("/me", response=MeOut)
def me(request: HttpRequest):
    actor = actor_of(request)
    return {
        "user_id": actor.user_id,
        "email": actor.user.email if actor.user else "",
        "chain_id": actor.chain_id,
        "chain_name": actor.chain.name,
        "currency": actor.chain.currency,
        "role": actor.role_key,
        "permissions": sorted(actor.permissions),
        "staff_member_id": actor.staff_member_id,
    }


@router.post("/tokens", response={201: TokenOut})
def issue_token(request: HttpRequest, payload: TokenIn):
    token, raw = services.issue_api_token(actor=actor_of(request), name=payload.name)
    body = {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at,
        "token": raw,
    }
    return Status(201, body)


@router.delete("/tokens/{token_id}", response={204: None})
def revoke_token(request: HttpRequest, token_id: int):
    services.revoke_api_token(actor=actor_of(request), token_id=token_id)
    return Status(204, None)
