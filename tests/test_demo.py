"""The demo chain `make run` loads: believable, consistent, and loaded only once."""

from __future__ import annotations

import io
import re
from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import phonenumbers
import pytest
from django.core.management import call_command
from django.db import transaction

from salonbook.accounts.models import Membership, User
from salonbook.accounts.selectors import actor_for_user
from salonbook.bookings.models import Booking, BookingCategory, BookingService, BookingStatus
from salonbook.catalog.models import (
    Product,
    Service,
    ServiceCategory,
    ServiceMaterial,
    StaffService,
)
from salonbook.checkout.models import Payment
from salonbook.checkout.selectors import current_totals
from salonbook.clients.models import Client
from salonbook.demo.build import build_demo
from salonbook.demo.chain import CHAIN_NAME, LOGIN_HINT
from salonbook.inventory.models import StockMovement, Storage
from salonbook.inventory.selectors import stock_levels
from salonbook.loyalty.models import CertificateType
from salonbook.scheduling.models import DayOverride, TimeOff, WeeklyHours
from salonbook.staff.models import StaffMember
from salonbook.sync.models import ChangeEvent
from salonbook.tenancy.models import Chain, Location

# The fortnight around this day crosses the US switch to summer time on Sunday 2026-03-08.
TODAY = date(2026, 3, 5)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Build the demo once for the module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_demo(today=TODAY)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def chain(demo) -> Chain:
    return Chain.objects.get(pk=demo["chain_id"])


@pytest.mark.django_db
def test_locations_are_in_two_zones_one_with_dst(chain):
    locations = list(Location.objects.filter(chain=chain))
    assert len(locations) == 2
    zones = {loc.name: loc.time_zone for loc in locations}
    assert zones == {"Manhattan": "America/New_York", "Scottsdale": "America/Phoenix"}

    def has_dst(zone: str) -> bool:
        tz = ZoneInfo(zone)
        return (
            datetime(2026, 1, 15, tzinfo=tz).utcoffset()
            != datetime(2026, 7, 15, tzinfo=tz).utcoffset()
        )

    assert has_dst("America/New_York") and not has_dst("America/Phoenix")
    assert chain.country == "US" and chain.currency == "USD"


@pytest.mark.django_db
def test_people_can_log_in(chain):
    owner = User.objects.get(email="demo@salonbook.local")
    assert owner.is_staff and owner.is_superuser and owner.check_password("salonbook-demo")
    roles = {
        m.user.email: (m.role.key, m.staff_member_id)
        for m in Membership.objects.filter(chain=chain).select_related("user", "role")
    }
    assert roles["demo@salonbook.local"][0] == "owner"
    assert roles["admin@salonbook.local"] == ("administrator", None)
    assert roles["specialist@salonbook.local"][0] == "specialist"
    assert roles["specialist@salonbook.local"][1] is not None
    for email in ("admin@salonbook.local", "specialist@salonbook.local"):
        assert User.objects.get(email=email).check_password("salonbook-demo")


@pytest.mark.django_db
def test_staff_have_positions_hours_and_services(chain):
    staff = list(StaffMember.objects.filter(chain=chain))
    assert len(staff) >= 8
    assert {s.location.time_zone for s in staff} == {"America/New_York", "America/Phoenix"}
    for member in staff:
        assert member.position is not None, member.name
        assert re.fullmatch(r"#[0-9a-f]{6}", member.color), member.color
        assert WeeklyHours.objects.filter(staff=member).count() >= 4, member.name
        assert StaffService.objects.filter(staff=member).exists(), member.name
    assert TimeOff.objects.filter(staff__chain=chain, kind=TimeOff.Kind.VACATION).exists()
    assert DayOverride.objects.filter(staff__chain=chain, is_day_off=True).exists()
    assert DayOverride.objects.filter(staff__chain=chain, is_day_off=False).exists()


@pytest.mark.django_db
def test_services_are_in_categories_some_with_own_prices(chain):
    services = Service.objects.filter(chain=chain)
    assert services.count() >= 20
    assert not services.filter(category__isnull=True).exists()
    assert ServiceCategory.objects.filter(chain=chain).count() >= 6
    links = StaffService.objects.filter(staff__chain=chain)
    assert links.filter(price__isnull=False).count() >= 5
    assert links.filter(duration_minutes__isnull=False).exists()
    assert {c.name for c in BookingCategory.objects.filter(chain=chain)} == {
        "This specialist only",
        "First visit",
        "VIP",
    }


@pytest.mark.django_db
def test_clients_have_valid_e164_phones(chain):
    clients = list(Client.objects.filter(chain=chain))
    assert len(clients) >= 300
    regions = set()
    for client in clients:
        assert re.fullmatch(r"\+[1-9]\d{7,14}", client.phone), client.phone
        number = phonenumbers.parse(client.phone, None)
        assert phonenumbers.is_valid_number(number), client.phone
        regions.add(phonenumbers.region_code_for_number(number))
    assert {"US", "RU", "GB"} <= regions
    assert len({c.phone for c in clients}) == len(clients)
    assert sum(1 for c in clients if c.email) > 50


@pytest.mark.django_db
def test_bookings_cover_the_fortnight_in_every_status(chain):
    bookings = list(Booking.objects.filter(chain=chain).select_related("location"))
    days = {b.start_at.astimezone(b.location.zone).date() for b in bookings}
    assert len(days) >= 14
    assert min(days) >= date(2026, 2, 26) and max(days) <= date(2026, 3, 12)
    live = [b for b in bookings if b.deleted_at is None]
    assert {b.status for b in live} == set(BookingStatus.values)
    assert len(live) < len(bookings)  # some were soft-deleted
    past = [b for b in live if b.start_at.astimezone(b.location.zone).date() < TODAY]
    future = [b for b in live if b.start_at.astimezone(b.location.zone).date() > TODAY]
    assert sum(b.status in ("arrived", "no_show") for b in past) > 0.8 * len(past)
    assert all(b.status in ("expected", "confirmed") for b in future)
    for b in live:
        local = b.start_at.astimezone(b.location.zone)
        assert local.minute % 15 == 0 and local.second == 0
    assert not any(b.outside_hours for b in bookings)
    assert any(b.comment for b in live) and any(b.color for b in live)
    assert any(b.category_id for b in live)
    lines = BookingService.objects.filter(booking__chain=chain)
    per_booking = defaultdict(int)
    for booking_id in lines.values_list("booking_id", flat=True):
        per_booking[booking_id] += 1
    assert set(per_booking.values()) == {1, 2}
    # Both sides of the DST switch are booked in Manhattan.
    ny_days = {
        b.start_at.astimezone(b.location.zone).date()
        for b in live
        if b.location.name == "Manhattan"
    }
    assert date(2026, 3, 6) in ny_days and date(2026, 3, 9) in ny_days


@pytest.mark.django_db
def test_a_membership_and_a_gift_card_are_on_sale(chain):
    types = {t.kind: t for t in CertificateType.objects.filter(chain=chain, is_active=True)}
    assert set(types) == {"membership", "gift_card"}
    assert types["membership"].visits == 10 and types["membership"].services.exists()
    assert (types["gift_card"].price, types["gift_card"].face_value) == (D("90.00"), D("100.00"))


@pytest.mark.django_db
def test_products_are_in_stock_at_every_location_and_some_services_have_a_card(chain):
    products = Product.objects.filter(chain=chain)
    assert products.filter(for_sale=True).count() >= 4
    assert products.filter(is_consumable=True, unit="ml").count() >= 4
    assert not products.filter(for_sale=False, is_consumable=False).exists()
    storages = Storage.objects.filter(chain=chain).select_related("location")
    assert {s.location.name for s in storages} == {"Manhattan", "Scottsdale"}
    owner = actor_for_user(user=User.objects.get(email="demo@salonbook.local"), chain_id=chain.pk)
    levels = stock_levels(actor=owner)
    assert {level.storage_id for level in levels} == {s.pk for s in storages}
    assert all(level.quantity > 0 for level in levels)
    assert StockMovement.objects.filter(chain=chain, kind="write_off").exists()
    cards = ServiceMaterial.objects.filter(service__chain=chain).select_related(
        "service", "product"
    )
    assert len({row.service_id for row in cards}) >= 2
    assert all(row.product.is_consumable for row in cards)


@pytest.mark.django_db
def test_a_demo_chain_built_before_products_gets_them_on_the_next_run(demo, chain):
    with transaction.atomic():
        # As the demo was before stock existed (the ledger is never emptied otherwise).
        StockMovement.objects.filter(chain=chain).delete()
        ServiceMaterial.objects.filter(service__chain=chain).delete()
        Storage.objects.filter(chain=chain).delete()
        Product.objects.filter(chain=chain).delete()

        again = build_demo(today=TODAY)

        assert again["created"] is False
        assert again["products"] == demo["products"] and again["storages"] == demo["storages"]
        assert again["stock_movements"] == demo["stock_movements"]
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_most_past_visits_are_paid_in_cash_by_card_or_both_and_none_overpaid(chain):
    past = Booking.objects.live().filter(
        chain=chain, status=BookingStatus.ARRIVED, end_at__lt=datetime(2026, 3, 5, tzinfo=UTC)
    )
    totals = [current_totals(booking=b, currency="USD") for b in past]
    paid = [t for t in totals if t.paid_in_full]
    assert len(paid) > 0.7 * len(totals)
    assert all(t.overpaid == 0 for t in totals)
    kinds = set(Payment.objects.filter(chain=chain).values_list("method__kind", flat=True))
    assert kinds == {"cash", "card"}


def test_staff_are_busy_but_never_double_booked(chain):
    blocking = Booking.objects.filter(chain=chain).blocking().order_by("staff_id", "start_at")
    by_staff = defaultdict(list)
    for b in blocking:
        by_staff[b.staff_id].append(b)
    assert len(by_staff) >= 8
    for staff_id, items in by_staff.items():
        for earlier, later in zip(items, items[1:], strict=False):
            assert earlier.end_at <= later.start_at, (staff_id, earlier.pk, later.pk)


@pytest.mark.django_db
def test_building_again_creates_nothing(demo, chain):
    models = [
        Chain,
        User,
        Location,
        StaffMember,
        Service,
        StaffService,
        Client,
        Booking,
        BookingService,
        WeeklyHours,
        DayOverride,
        TimeOff,
        Product,
        ServiceMaterial,
        Storage,
        StockMovement,
        ChangeEvent,
    ]
    before = {m.__name__: m.objects.count() for m in models}
    out = io.StringIO()
    again = build_demo(today=TODAY, seed=99, stdout=out)
    assert {m.__name__: m.objects.count() for m in models} == before
    assert again["created"] is False and demo["created"] is True
    assert again["chain_id"] == demo["chain_id"]
    assert again["bookings"] == demo["bookings"]
    assert "Already present" in out.getvalue()


@pytest.mark.django_db
def test_load_demo_command_prints_the_login(chain):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert LOGIN_HINT in out.getvalue()
    assert Chain.objects.filter(name=CHAIN_NAME).count() == 1
