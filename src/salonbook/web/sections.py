"""The sections of the settings hub and who may open each: what the hub lists, and what makes
the app shell show its Settings tab (web.context)."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class Section:
    url_name: str
    title: str | Promise
    description: str | Promise
    icon: str
    # Shown when the actor holds all of these.
    needs: frozenset[str]


SECTIONS = (
    Section(
        "staff:list",
        _("Staff"),
        _("Staff members, their positions and the services they perform"),
        "i-users",
        frozenset({"staff.view"}),
    ),
    Section(
        "catalog:list",
        _("Services"),
        _("Services and their categories, durations and prices"),
        "i-list",
        frozenset({"services.view"}),
    ),
    Section(
        "products:list",
        _("Products"),
        _("Products for sale and consumables: units, prices, costs, barcodes"),
        "i-tag",
        frozenset({"products.view"}),
    ),
    Section(
        "inventory:stock",
        _("Stock"),
        _("What is in each storage; stock receipts and write-offs"),
        "i-list",
        frozenset({"stock.view"}),
    ),
    Section(
        "inventory:storages",
        _("Storages"),
        _("The storages of each location"),
        "i-pin",
        frozenset({"stock.view"}),
    ),
    Section(
        "scheduling:index",
        _("Working hours"),
        _("Weekly hours, single days and time off of each staff member"),
        "i-clock",
        frozenset({"schedules.view", "staff.view"}),
    ),
    Section(
        "loyalty:list",
        _("Memberships and gift cards"),
        _("What they cost, the visits or money they give, how long they are valid"),
        "i-gift",
        frozenset({"loyalty.view"}),
    ),
    Section(
        "payments:methods",
        pgettext_lazy("settings section", "Payments"),
        _("Payment methods, and the cash desks of each location"),
        "i-card",
        # Who takes payments sees the methods and desks (read-only without settings.manage).
        frozenset({"payments.take"}),
    ),
    Section(
        "booking-categories:list",
        _("Booking categories"),
        _("Labels for bookings, such as “This specialist only”"),
        "i-tag",
        frozenset({"settings.manage"}),
    ),
    Section(
        "additional-fields:list",
        _("Additional fields"),
        _("Your own fields on bookings and client cards"),
        "i-form",
        frozenset({"settings.manage"}),
    ),
    Section(
        "client-base",
        _("Client base"),
        _("The largest file that may be added to a client card"),
        "i-users",
        frozenset({"settings.manage", "clients.view"}),
    ),
)


def visible_sections(permissions: AbstractSet[str]) -> list[Section]:
    """The hub's sections a role may open: those whose every need it holds. The app shell
    shows the Settings tab exactly when this is not empty."""
    return [s for s in SECTIONS if s.needs <= permissions]
