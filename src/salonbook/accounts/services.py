"""Issuing and revoking API tokens, and a user's language."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext

from salonbook.accounts.models import ApiToken, Membership, User, hash_token
from salonbook.errors import Invalid, NotFound
from salonbook.tenancy.context import Actor


def issue_api_token(*, actor: Actor, name: str) -> tuple[ApiToken, str]:
    """A new token for the acting user in this chain; the raw secret is returned only here."""
    user_id = actor.user_id
    membership = (
        Membership.objects.filter(user_id=user_id, chain_id=actor.chain_id).first()
        if user_id is not None
        else None
    )
    if membership is None:
        raise NotFound(gettext("You are not a member of this chain."))
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        membership=membership, name=name or "API token", prefix=raw[:10], key_hash=hash_token(raw)
    )
    return token, raw


def revoke_api_token(*, actor: Actor, token_id: int) -> None:
    user_id = actor.user_id
    if user_id is None:
        raise NotFound(gettext("Token %(id)s not found.") % {"id": token_id})
    updated = ApiToken.objects.filter(
        pk=token_id,
        membership__user_id=user_id,
        membership__chain_id=actor.chain_id,
        revoked_at__isnull=True,
    ).update(revoked_at=timezone.now())
    if not updated:
        raise NotFound(gettext("Token %(id)s not found.") % {"id": token_id})


def set_language(*, user: User, language: str) -> None:
    """Save the UI language a user picked, so every device of theirs speaks it.

    A personal preference, not chain data: it has no place in a chain's change feed.
    """
    from django.conf import settings

    if language not in dict(settings.LANGUAGES):
        values = ", ".join(dict(settings.LANGUAGES))
        raise Invalid({"language": gettext("Use one of: %(values)s.") % {"values": values}})
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
