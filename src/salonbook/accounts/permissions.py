"""Named permissions and the default roles every chain starts with.

A permission is a plain string ("bookings.delete"). Roles are rows per chain holding a list of
these names, so an owner can later tune a role (or add one) without code changes. Services
call `require(actor, name)`: the check lives with the rule, never only in a template.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from salonbook.errors import NotAllowed
from salonbook.tenancy.context import Actor

PERMISSIONS: dict[str, Any] = {
    "locations.manage": gettext_lazy("Create and edit locations"),
    "staff.view": gettext_lazy("See staff members"),
    "staff.manage": gettext_lazy("Create and edit staff members and their services"),
    "services.view": gettext_lazy("See services and categories"),
    "services.manage": gettext_lazy(
        "Create and edit services, categories and their bills of materials"
    ),
    "products.view": gettext_lazy("See products"),
    "products.manage": gettext_lazy("Create and edit products"),
    "stock.view": gettext_lazy("See storages, stock and its movements"),
    "stock.manage": gettext_lazy("Manage storages, receive and write off stock"),
    "schedules.view": gettext_lazy("See working hours"),
    "schedules.manage": gettext_lazy("Change working hours, days off and vacations"),
    "clients.view": gettext_lazy("See client cards"),
    "clients.view_phone": gettext_lazy("See clients' full phone numbers"),
    "clients.create": gettext_lazy("Add clients"),
    "clients.edit": gettext_lazy("Edit client cards"),
    "clients.files": gettext_lazy("See and download the files on client cards"),
    "clients.files_manage": gettext_lazy("Upload and delete the files on client cards"),
    "clients.import": gettext_lazy("Import clients from a file"),
    "clients.export": gettext_lazy("Export the client base"),
    "bookings.view": gettext_lazy("See bookings of every staff member"),
    "bookings.create": gettext_lazy("Create bookings"),
    "bookings.edit": gettext_lazy("Edit and reschedule bookings"),
    "bookings.delete": gettext_lazy("Delete bookings"),
    "bookings.override_hours": gettext_lazy("Book outside a staff member's working hours"),
    "settings.manage": gettext_lazy(
        "Booking categories, additional fields, payment methods and cash desks"
    ),
    "payments.take": gettext_lazy("Take payments for visits"),
    "payments.delete": gettext_lazy("Delete payments"),
    "visits.edit_paid": gettext_lazy("Change a visit that is paid in full"),
    "loyalty.view": gettext_lazy("See memberships, gift cards and their balances"),
    "loyalty.manage": gettext_lazy(
        "Create and edit membership and gift card types; sell and void memberships and gift cards"
    ),
    "changes.view": gettext_lazy("Read the change feed"),
}

ALL = frozenset(PERMISSIONS)

DEFAULT_ROLES: dict[str, tuple[str, frozenset[str]]] = {
    # Stored as written (in English); shown through the catalogue, like any other label.
    "owner": (gettext_noop("Owner"), ALL),
    "administrator": (gettext_noop("Administrator"), ALL - {"locations.manage"}),
    "specialist": (
        gettext_noop("Specialist"),
        frozenset(
            {
                "staff.view",
                "services.view",
                "products.view",
                "stock.view",
                "schedules.view",
                "clients.view",
                "clients.view_phone",
                "clients.create",
                "clients.files",
                "bookings.view",
                "bookings.create",
                "bookings.edit",
                "loyalty.view",
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
            _("Your role (%(role)s) may not: %(what)s.")
            % {"role": _(actor.role_name), "what": str(PERMISSIONS[permission]).lower()}
        )
