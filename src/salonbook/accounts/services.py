"""Adding people to a chain and issuing API tokens."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from salonbook.accounts.models import ApiToken, Membership, Role, User, hash_token
from salonbook.accounts.permissions import require
from salonbook.errors import Invalid, NotFound
from salonbook.tenancy.context import Actor


@transaction.atomic
def add_member(
    *,
    actor: Actor,
    email: str,
    role_key: str,
    password: str | None = None,
    staff_member_id: int | None = None,
) -> Membership:
    """Give a user (created if new) a role in the actor's chain."""
    require(actor, "staff.manage")
    role = Role.objects.filter(chain_id=actor.chain_id, key=role_key).first()
    if role is None:
        raise Invalid({"role": gettext("No role “%(role)s” in this chain.") % {"role": role_key}})
    if role.key == "owner" and actor.role_key != "owner":
        raise Invalid({"role": gettext("Only an owner can make another owner.")})
    if staff_member_id is not None:
        from salonbook.staff.selectors import access_staff_member

        access_staff_member(actor=actor, staff_id=staff_member_id)
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=password)
    membership, _ = Membership.objects.update_or_create(
        user=user,
        chain_id=actor.chain_id,
        defaults={"role": role, "staff_member_id": staff_member_id, "is_active": True},
    )
    return membership


def issue_api_token(*, actor: Actor, name: str) -> tuple[ApiToken, str]:
    """A new token for the acting user in this chain; the raw secret is returned only here."""
    membership = (
        Membership.objects.filter(user=actor.user, chain_id=actor.chain_id).first()
        if actor.user is not None
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
    if actor.user is None:
        raise NotFound(gettext("Token %(id)s not found.") % {"id": token_id})
    updated = ApiToken.objects.filter(
        pk=token_id,
        membership__user=actor.user,
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
