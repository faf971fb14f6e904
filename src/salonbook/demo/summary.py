"""What the demo chain holds, counted, and the few lines `load_demo` prints about it."""

from __future__ import annotations

from collections import Counter
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from salonbook.accounts.models import Membership
from salonbook.bookings.models import Booking
from salonbook.catalog.models import (
    Product,
    Service,
    ServiceCategory,
    ServiceMaterial,
    StaffService,
)
from salonbook.clients.models import Client
from salonbook.demo.chain import ADMIN_EMAIL, OWNER_EMAIL, PASSWORD, SPECIALIST_EMAIL
from salonbook.inventory.models import StockMovement, Storage
from salonbook.scheduling.models import DayOverride, TimeOff
from salonbook.staff.models import Position, StaffMember
from salonbook.tenancy.models import Chain, Location


class Writer(Protocol):
    """Where the summary goes: a file, or a management command's stdout."""

    def write(self, text: str, /) -> Any: ...


def demo_summary(chain: Chain, *, created: bool) -> dict[str, Any]:
    """How many of each thing the chain holds, and the days its bookings span."""
    bookings = Booking.objects.filter(chain=chain)
    live = bookings.filter(deleted_at__isnull=True)
    days = {
        start.astimezone(ZoneInfo(zone)).date()
        for start, zone in bookings.values_list("start_at", "location__time_zone")
    }
    return {
        "chain_id": chain.pk,
        "chain": chain.name,
        "created": created,
        "locations": Location.objects.filter(chain=chain).count(),
        "positions": Position.objects.filter(chain=chain).count(),
        "staff": StaffMember.objects.filter(chain=chain).count(),
        "service_categories": ServiceCategory.objects.filter(chain=chain).count(),
        "services": Service.objects.filter(chain=chain).count(),
        "products": Product.objects.filter(chain=chain).count(),
        "bills_of_materials": ServiceMaterial.objects.filter(service__chain=chain)
        .values("service_id")
        .distinct()
        .count(),
        "storages": Storage.objects.filter(chain=chain).count(),
        "stock_movements": StockMovement.objects.filter(chain=chain).count(),
        "staff_services": StaffService.objects.filter(staff__chain=chain).count(),
        "time_off": TimeOff.objects.filter(staff__chain=chain).count(),
        "day_overrides": DayOverride.objects.filter(staff__chain=chain).count(),
        "members": Membership.objects.filter(chain=chain).count(),
        "clients": Client.objects.filter(chain=chain).count(),
        "bookings": bookings.count(),
        "bookings_deleted": bookings.filter(deleted_at__isnull=False).count(),
        "bookings_by_status": dict(sorted(Counter(live.values_list("status", flat=True)).items())),
        "booked_days": len(days),
        "first_booking": min(days).isoformat() if days else None,
        "last_booking": max(days).isoformat() if days else None,
    }


def print_summary(summary: dict[str, Any], out: Writer) -> None:
    verb = "Created" if summary["created"] else "Already present:"
    took = f" in {summary['seconds']} s" if "seconds" in summary else ""
    statuses = ", ".join(f"{k} {v}" for k, v in summary["bookings_by_status"].items())
    lines = [
        f"{verb} demo chain {summary['chain']!r} (id {summary['chain_id']}){took}",
        f"  {summary['locations']} locations, {summary['staff']} staff members, "
        f"{summary['services']} services in {summary['service_categories']} categories",
        f"  {summary['products']} products, {summary['storages']} storages, "
        f"{summary['stock_movements']} stock movements, "
        f"{summary['bills_of_materials']} bills of materials",
        f"  {summary['clients']} clients, {summary['bookings']} bookings "
        f"{summary['first_booking']}..{summary['last_booking']} ({statuses}; "
        f"{summary['bookings_deleted']} deleted)",
        f"  users: {OWNER_EMAIL} (owner), {ADMIN_EMAIL} (administrator), "
        f"{SPECIALIST_EMAIL} (specialist); password {PASSWORD}",
    ]
    for line in lines:
        out.write(line + "\n")
