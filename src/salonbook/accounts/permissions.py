"""Named permissions and the default roles every chain starts with.

A permission is a plain string ("bookings.delete"). Roles are rows per chain holding a list of
these names, so an owner can later tune a role (or add one) without code changes. Services
call `require(actor, name)`: the check lives with the rule, never only in a template.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from salonbook.errors import NotAllowed

if TYPE_CHECKING:
    from salonbook.tenancy.context import Actor

PERMISSIONS: dict[str, str] = {
    "locations.manage": "Create and edit locations",
    "staff.view": "See staff members",
    "staff.manage": "Create and edit staff members and their services",
    "services.view": "See services and categories",
    "services.manage": "Create and edit services and categories",
    "schedules.view": "See working hours",
    "schedules.manage": "Change working hours, days off and vacations",
    "clients.view": "See client cards",
    "clients.view_phone": "See clients' full phone numbers",
    "clients.create": "Add clients",
    "clients.edit": "Edit client cards",
    "bookings.view": "See bookings of every staff member",
    "bookings.create": "Create bookings",
    "bookings.edit": "Edit and reschedule bookings",
    "bookings.delete": "Delete bookings",
    "bookings.override_hours": "Book outside a staff member's working hours",
    "settings.manage": "Booking categories and additional fields",
    "changes.view": "Read the change feed",
}

ALL = frozenset(PERMISSIONS)

DEFAULT_ROLES: dict[str, tuple[str, frozenset[str]]] = {
    "owner": ("Owner", ALL),
    "administrator": ("Administrator", ALL - {"locations.manage"}),
    "specialist": (
        "Specialist",
        frozenset(
            {
                "staff.view",
                "services.view",
                "schedules.view",
                "clients.view",
                "clients.view_phone",
                "clients.create",
                "bookings.view",
                "bookings.create",
                "bookings.edit",
                "changes.view",
            }
        ),
    ),
}


def require(actor: Actor, permission: str) -> None:
    """Raise NotAllowed unless the actor's role grants `permission`."""
    if permission not in PERMISSIONS:  # a typo here must fail loudly, not deny silently
        raise KeyError(f"unknown permission {permission!r}")
    if permission not in actor.permissions:
        raise NotAllowed(
            f"Your role ({actor.role_name}) may not: {PERMISSIONS[permission].lower()}."
        )
