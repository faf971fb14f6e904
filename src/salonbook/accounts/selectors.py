"""Resolving who is acting: from a logged-in user or an API token to an Actor."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from salonbook.accounts.models import ApiToken, Membership, User, hash_token
from salonbook.errors import NotFound
from salonbook.tenancy.context import Actor


def _actor(membership: Membership) -> Actor:
    return Actor(
        user=membership.user,
        chain=membership.chain,
        role_key=membership.role.key,
        role_name=membership.role.name,
        permissions=frozenset(membership.role.permissions),
        staff_member_id=membership.staff_member_id,
    )


def actor_for_user(*, user: User, chain_id: int | None = None) -> Actor:
    """The user's actor in `chain_id`, or in their first chain when none is named."""
    qs = Membership.objects.filter(user=user, is_active=True).select_related(
        "chain", "role", "user"
    )
    if chain_id is not None:
        qs = qs.filter(chain_id=chain_id)
    membership = qs.order_by("id").first()
    if membership is None:
        raise NotFound(_("You are not a member of this chain."))
    return _actor(membership)


def actor_for_token(*, raw_token: str) -> Actor | None:
    token = (
        ApiToken.objects.filter(key_hash=hash_token(raw_token), revoked_at__isnull=True)
        .select_related("membership__chain", "membership__role", "membership__user")
        .first()
    )
    if token is None or not token.membership.is_active or not token.membership.user.is_active:
        return None
    now = timezone.now()
    # Writing on every request would serialise readers behind SQLite's one writer.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return _actor(token.membership)
