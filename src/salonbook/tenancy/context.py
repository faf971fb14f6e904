"""Who is acting, and in which chain: every service and selector takes one of these."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser
    from django.http import HttpRequest

    from salonbook.tenancy.models import Chain


@dataclass(frozen=True)
class Actor:
    # The person (accounts.User; typed by Django's base so the root imports no app above it).
    user: AbstractUser | None
    chain: Chain
    role_key: str
    role_name: str
    permissions: frozenset[str] = field(default_factory=frozenset)
    staff_member_id: int | None = None

    @property
    def chain_id(self) -> int:
        return self.chain.pk

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user else None

    def can(self, permission: str) -> bool:
        return permission in self.permissions


def actor_of(request: HttpRequest) -> Actor:
    """The actor the API's authentication put on the request (see salonbook.api)."""
    return request.auth  # type: ignore[attr-defined,no-any-return]
