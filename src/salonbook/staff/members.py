"""Giving a person a role in the chain, optionally as one of its staff members.

It lives with staff rather than accounts because it checks that the staff member exists in
the actor's chain: accounts (users, roles, tokens) sits below staff and imports nothing of it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from salonbook.accounts.models import Membership, Role, User
from salonbook.accounts.permissions import require
from salonbook.errors import Invalid
from salonbook.staff.selectors import access_staff_member
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
