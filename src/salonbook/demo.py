"""Demo data: a believable two-location salon chain with two weeks of bookings.

`build_demo()` creates everything through the services, so the demo also fills the change feed
the way real use would. It is idempotent: when the demo chain exists it only reports on it.
Run it with `salonbook load_demo`.
"""

from __future__ import annotations

import random
import time as clock
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import phonenumbers
from django.db import transaction
from django.utils import timezone

from salonbook.accounts.models import Membership, User
from salonbook.accounts.selectors import actor_for_user
from salonbook.accounts.services import add_member
from salonbook.bookings.models import Booking, BookingStatus
from salonbook.bookings.services import create_booking_category
from salonbook.catalog.models import (
    Product,
    Service,
    ServiceCategory,
    ServiceMaterial,
    StaffService,
)
from salonbook.catalog.services import (
    StaffServiceTerms,
    create_category,
    create_service,
    set_staff_services,
)
from salonbook.checkout.models import PaymentMethod
from salonbook.checkout.payments import take_payment
from salonbook.checkout.selectors import current_totals
from salonbook.clients.models import Client
from salonbook.clients.services import create_client, update_client
from salonbook.demo_stock import build_stock
from salonbook.errors import DomainError
from salonbook.inventory.models import StockMovement, Storage
from salonbook.loyalty.services import create_certificate_type
from salonbook.money import round_money
from salonbook.scheduling.availability import working_intervals
from salonbook.scheduling.models import DayOverride, TimeOff
from salonbook.scheduling.selectors import staff_calendars
from salonbook.scheduling.services import WeekdayHours, add_time_off, set_day, set_weekly_hours
from salonbook.staff.models import Position, StaffMember
from salonbook.staff.services import create_position, create_staff_member
from salonbook.tenancy.context import Actor
from salonbook.tenancy.models import Chain, Location
from salonbook.tenancy.services import create_chain, create_location
from salonbook.visits.lines import ServiceRequest
from salonbook.visits.services import (
    create_booking,
    delete_booking,
    set_booking_status,
    update_booking,
)

CHAIN_NAME = "Lumière Beauty"
PASSWORD = "salonbook-demo"  # noqa: S105 - the published demo login
OWNER_EMAIL = "demo@salonbook.local"
ADMIN_EMAIL = "admin@salonbook.local"
SPECIALIST_EMAIL = "specialist@salonbook.local"
LOGIN_HINT = f"Log in at http://127.0.0.1:8000/ as {OWNER_EMAIL} / {PASSWORD}"

DAYS_BACK = 7
DAYS_AHEAD = 7
STEP = 15  # minutes: every start time falls on this grid
CLIENT_COUNT = 320

# ---------------------------------------------------------------------------------------------
# The chain
# ---------------------------------------------------------------------------------------------

LOCATIONS = [
    {
        "key": "ny",
        "name": "Manhattan",
        "time_zone": "America/New_York",
        "address": "245 W 19th St, New York, NY 10011",
        "phone": "+12126741980",
    },
    {
        "key": "az",
        "name": "Scottsdale",
        "time_zone": "America/Phoenix",
        "address": "4420 N Scottsdale Rd, Scottsdale, AZ 85251",
        "phone": "+14809462270",
    },
]

POSITIONS = ["Hair stylist", "Colorist", "Nail technician", "Cosmetologist", "Massage therapist"]

D = Decimal
# category -> [(name, minutes, price)]
CATALOG: dict[str, list[tuple[str, int, Decimal]]] = {
    "Haircuts & styling": [
        ("Women's haircut", 60, D("85.00")),
        ("Men's haircut", 30, D("45.00")),
        ("Kids' haircut", 30, D("30.00")),
        ("Blow-dry & style", 45, D("55.00")),
        ("Updo / event styling", 60, D("95.00")),
        ("Deep conditioning treatment", 30, D("40.00")),
    ],
    "Color": [
        ("Single-process color", 90, D("120.00")),
        ("Root touch-up", 60, D("85.00")),
        ("Partial highlights", 105, D("150.00")),
        ("Full highlights", 150, D("210.00")),
        ("Balayage", 180, D("260.00")),
        ("Toner / gloss", 30, D("45.00")),
    ],
    "Nails": [
        ("Classic manicure", 30, D("30.00")),
        ("Gel manicure", 45, D("50.00")),
        ("Classic pedicure", 45, D("45.00")),
        ("Spa pedicure", 60, D("65.00")),
        ("Acrylic full set", 75, D("70.00")),
        ("Gel polish removal", 15, D("15.00")),
    ],
    "Facials & skin care": [
        ("Express facial", 30, D("60.00")),
        ("Signature facial", 60, D("110.00")),
        ("Hydrating facial", 75, D("135.00")),
        ("Microdermabrasion", 45, D("120.00")),
    ],
    "Brows & lashes": [
        ("Brow shaping", 15, D("25.00")),
        ("Brow tint", 15, D("20.00")),
        ("Lash lift & tint", 60, D("95.00")),
        ("Lash extensions, full set", 120, D("180.00")),
    ],
    "Massage": [
        ("Back, neck & shoulders massage", 30, D("65.00")),
        ("Swedish massage", 60, D("110.00")),
        ("Deep tissue massage", 60, D("130.00")),
        ("Hot stone massage", 90, D("165.00")),
    ],
}

# What each trade performs (service names), and services that are often added to a main one.
TRADES: dict[str, list[str]] = {
    "Hair stylist": [name for name, _, _ in CATALOG["Haircuts & styling"]] + ["Toner / gloss"],
    "Colorist": [name for name, _, _ in CATALOG["Color"]]
    + ["Blow-dry & style", "Deep conditioning treatment"],
    "Nail technician": [name for name, _, _ in CATALOG["Nails"]],
    "Cosmetologist": [name for name, _, _ in CATALOG["Facials & skin care"]]
    + [name for name, _, _ in CATALOG["Brows & lashes"]],
    "Massage therapist": [name for name, _, _ in CATALOG["Massage"]],
}
ADD_ONS = {
    "Blow-dry & style",
    "Deep conditioning treatment",
    "Toner / gloss",
    "Gel polish removal",
    "Classic manicure",
    "Brow shaping",
    "Brow tint",
    "Back, neck & shoulders massage",
}


class Writer(Protocol):
    """Where the summary goes: a file, or a management command's stdout."""

    def write(self, text: str, /) -> Any: ...


def _words(text: str) -> list[str]:
    return text.split()


def _t(hh_mm: str) -> time:
    return time.fromisoformat(hh_mm)


def _days(weekdays: str, start: str, end: str, *breaks: str) -> list[WeekdayHours]:
    """`_days("1-5", "10:00", "19:00", "14:00-14:30")`: weekdays 0=Mon, ranges and commas."""
    numbers: list[int] = []
    for part in weekdays.split(","):
        first, _, last = part.partition("-")
        numbers.extend(range(int(first), int(last or first) + 1))
    pairs = [tuple(_t(x) for x in b.split("-")) for b in breaks]
    return [
        WeekdayHours(weekday=d, start_time=_t(start), end_time=_t(end), breaks=pairs)  # type: ignore[arg-type]
        for d in numbers
    ]


@dataclass
class StaffSpec:
    name: str
    location: str
    position: str
    color: str
    schedule: list[WeekdayHours]
    # service name -> (own price or None, own minutes or None)
    own_terms: dict[str, tuple[Decimal | None, int | None]] = field(default_factory=dict)
    skip: tuple[str, ...] = ()


STAFF: list[StaffSpec] = [
    # Manhattan
    StaffSpec(
        "Sophie Laurent",
        "ny",
        "Hair stylist",
        "#e57373",
        _days("1-5", "10:00", "19:00", "14:00-14:30"),
        {"Women's haircut": (D("110.00"), 75), "Updo / event styling": (D("125.00"), None)},
    ),
    StaffSpec(
        "Marcus Bennett",
        "ny",
        "Colorist",
        "#5c6bc0",
        _days("0-4", "09:00", "18:00", "13:00-14:00"),
        {"Balayage": (D("290.00"), None), "Full highlights": (D("235.00"), 165)},
    ),
    StaffSpec(
        "Aiko Tanaka",
        "ny",
        "Nail technician",
        "#ba68c8",
        # Split days: mornings and evenings with the afternoon off, and a short Saturday.
        _days("0,2,4", "09:00", "20:00", "13:00-16:00") + _days("5", "10:00", "16:00"),
        {"Gel manicure": (None, 60)},
        skip=("Acrylic full set",),
    ),
    StaffSpec(
        "Elena Petrova",
        "ny",
        "Cosmetologist",
        "#26a69a",
        _days("2-6", "11:00", "20:00", "15:00-15:30"),
        {"Signature facial": (D("125.00"), None), "Lash extensions, full set": (D("200.00"), 135)},
    ),
    StaffSpec(
        "Jamal Carter",
        "ny",
        "Massage therapist",
        "#ffa726",
        _days("0,1,3,4", "12:00", "21:00", "16:00-16:30") + _days("5", "10:00", "17:00"),
        {"Hot stone massage": (D("180.00"), None)},
    ),
    # Scottsdale
    StaffSpec(
        "Olivia Martinez",
        "az",
        "Hair stylist",
        "#f06292",
        _days("0-4", "09:00", "18:00", "13:00-14:00"),
        {"Women's haircut": (D("70.00"), None), "Men's haircut": (D("38.00"), None)},
    ),
    StaffSpec(
        "Daniel Reyes",
        "az",
        "Colorist",
        "#7986cb",
        _days("1-5", "10:00", "19:00", "14:00-14:30"),
        {"Single-process color": (D("105.00"), None), "Root touch-up": (D("75.00"), 45)},
    ),
    StaffSpec(
        "Chloe Nguyen",
        "az",
        "Nail technician",
        "#66bb6a",
        _days("0,3,4,5", "10:00", "18:00", "13:30-14:00") + _days("6", "10:00", "16:00"),
        {"Spa pedicure": (D("60.00"), 75)},
    ),
    StaffSpec(
        "Hannah Brooks",
        "az",
        "Cosmetologist",
        "#9575cd",
        _days("0,2,4", "08:00", "19:00", "12:00-13:00", "16:00-16:15")
        + _days("5", "09:00", "15:00"),
        {},
        skip=("Lash extensions, full set",),
    ),
    StaffSpec(
        "Ryan O'Connor",
        "az",
        "Massage therapist",
        "#29b6f6",
        # A split Tuesday-to-Saturday, and a short Sunday.
        _days("1-5", "09:00", "20:00", "13:00-15:00") + _days("6", "10:00", "14:00"),
        {"Deep tissue massage": (D("120.00"), None), "Swedish massage": (None, 75)},
    ),
]

BOOKING_CATEGORIES = [
    ("This specialist only", "#8e24aa"),
    ("First visit", "#43a047"),
    ("VIP", "#f9a825"),
]
BOOKING_COLORS = ["#ef9a9a", "#90caf9", "#a5d6a7", "#ffe082", "#ce93d8", "#80cbc4"]
BOOKING_COMMENTS = [
    "Wants to go two shades lighter; bring reference photos.",
    "Running about 10 minutes late, called ahead.",
    "Sensitive scalp: use the gentle shampoo.",
    "Prefers a quiet appointment, no small talk.",
    "Gift certificate from her sister.",
    "Allergic to latex: nitrile gloves only.",
    "Booked by phone, asked for a reminder the day before.",
    "Wedding on Saturday, wants a trial look.",
    "Pressure: firm. Avoid the lower back.",
    "Parking validation requested.",
    "Same as last time, please.",
    "Pregnant, second trimester.",
]
CLIENT_COMMENTS = [
    "Prefers appointments after 5 pm.",
    "Allergic to ammonia-based color.",
    "Likes oat milk latte while waiting.",
    "Sensitive skin, patch test first.",
    "Referred by a friend.",
    "Pays by card only.",
]

FEMALE = _words("""

Emma Olivia Ava Sophia Isabella Mia Charlotte Amelia Harper Evelyn Abigail Emily Madison
Elizabeth Sofia Avery Ella Scarlett Grace Chloe Victoria Riley Aria Lily Zoey Hannah Layla Nora
Camila Natalie Leah Hazel Violet Aurora Savannah Audrey Brooklyn Bella Claire Skylar Lucy Anna
Caroline Kennedy Sarah Allison Gabriella Maya Naomi Priya Aisha Mei Yuki Fatima Rosa Lucia Jasmine
Tiffany Rachel Jessica Jennifer Megan Lauren Ashley Nicole Stephanie Rebecca Danielle Michelle
Kimberly Samantha Julia Katherine Diana Monica Vanessa Andrea Brianna Alexis Ingrid Valentina""")
MALE = _words("""
Liam Noah James William Benjamin Lucas Henry Alexander Michael Daniel Ethan Matthew David
Joseph Samuel Anthony Christopher Andrew Joshua Ryan Nathan Kevin Brian Jason Eric Tyler Carlos
Luis Diego Raj Omar Wei Hiroshi Andre Malik Derek Gregory Patrick Sean""")
LAST = _words("""
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez
Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green
Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Kim Patel Shah Chen Wang Cohen
Goldberg Rossi Russo O'Brien Murphy Sullivan Kowalski Novak Fischer Schneider Dubois Moreau Okafor
Mensah Ali Khan Park Cho Yamamoto Sato Silva Costa Santos Brooks Reed Cooper Bailey Bell Howard
Ward Cox Diaz Richardson Wood Watson Price Gray Hughes Fisher Myers Ford Hamilton Graham Wallace
Foster Castillo Vargas Romero Ortiz Becker Lindqvist Haddad Abramson""")
RUSSIAN = [
    ("Анна Смирнова", "anna.smirnova"),
    ("Екатерина Иванова", "e.ivanova"),
    ("Мария Кузнецова", ""),
    ("Ольга Попова", "olga.popova"),
    ("Татьяна Соколова", ""),
    ("Наталья Лебедева", "natalia.lebedeva"),
    ("Ирина Новикова", ""),
    ("Дмитрий Волков", "d.volkov"),
]
BRITISH = [
    "Amelia Clarke",
    "Isla Patel",
    "Charlotte Davies",
    "Poppy Evans",
    "George Whitfield",
    "Freya Thompson",
    "Imogen Wright",
    "Harriet Osborne",
]
EMAIL_DOMAINS = ["example.com", "example.net", "example.org", "mail.example.com"]
AREA_CODES = {"ny": [212, 347, 646, 718, 917, 929], "az": [480, 602, 623]}


# ---------------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------------


def build_demo(*, today: date | None = None, seed: int = 7, stdout: Writer | None = None) -> dict:
    """Create the demo chain (once) and return a summary of what it holds.

    `today` is the middle of the two booked weeks (default: today in New York); with a fixed
    `today` and `seed` the data is the same on every run.
    """
    started = clock.monotonic()
    # One transaction: all or nothing, and far faster on SQLite than a commit per write.
    # The check is inside it, so two loaders started at once cannot both build (on SQLite the
    # IMMEDIATE transaction admits one writer at a time).
    with transaction.atomic():
        chain = Chain.objects.filter(name=CHAIN_NAME).order_by("pk").first()
        created = chain is None
        if chain is None:
            chain = _Builder(today=today, rng=random.Random(seed)).build()
        elif not Product.objects.filter(chain=chain).exists():
            # A demo chain built before products existed gets them (once) on the next run.
            build_stock(actor=_owner_of(chain), chain=chain)
    summary = demo_summary(chain, created=created)
    if created:
        summary["seconds"] = round(clock.monotonic() - started, 1)
    if stdout is not None:
        _print_summary(summary, stdout)
    return summary


def _owner_of(chain: Chain) -> Actor:
    owner = (
        Membership.objects.filter(chain=chain, role__key="owner")
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if owner is None:
        raise RuntimeError(f"the demo chain {chain.pk} has no owner")
    return actor_for_user(user=owner.user, chain_id=chain.pk)


class _Builder:
    def __init__(self, *, today: date | None, rng: random.Random) -> None:
        self.rng = rng
        self.fixed_today = today is not None
        self.today = today or timezone.localdate(timezone=ZoneInfo("America/New_York"))
        self.locations: dict[str, Location] = {}
        self.positions: dict[str, Position] = {}
        self.services: dict[str, Service] = {}
        self.staff: list[tuple[StaffSpec, StaffMember]] = []
        self.clients: dict[str, list[int]] = {"ny": [], "az": [], "abroad": []}
        self.vip_clients: set[int] = set()
        self.categories: dict[str, int] = {}
        self.phones: set[str] = set()

    # -- people and places -------------------------------------------------------------------

    def build(self) -> Chain:
        owner = User.objects.filter(email__iexact=OWNER_EMAIL).first()
        if owner is None:
            owner = User.objects.create_superuser(
                email=OWNER_EMAIL, password=PASSWORD, first_name="Claire", last_name="Dubois"
            )
        chain = create_chain(name=CHAIN_NAME, owner=owner, country="US", currency="USD")
        self.owner = actor_for_user(user=owner, chain_id=chain.pk)
        for spec in LOCATIONS:
            self.locations[spec["key"]] = create_location(
                actor=self.owner,
                name=spec["name"],
                time_zone=spec["time_zone"],
                address=spec["address"],
                phone=spec["phone"],
            )
        self._catalog()
        build_stock(actor=self.owner, chain=chain)
        self._loyalty()
        self._staff()
        self._schedule_changes()
        self._members(chain)
        for name, color in BOOKING_CATEGORIES:
            self.categories[name] = create_booking_category(
                actor=self.owner, name=name, color=color
            ).pk
        self._clients()
        self._bookings()
        return chain

    def _catalog(self) -> None:
        for name in POSITIONS:
            self.positions[name] = create_position(actor=self.owner, name=name)
        for c_order, (category_name, services) in enumerate(CATALOG.items()):
            category = create_category(
                actor=self.owner, name=category_name, sort_order=c_order * 10
            )
            for s_order, (name, minutes, price) in enumerate(services):
                self.services[name] = create_service(
                    actor=self.owner,
                    name=name,
                    duration_minutes=minutes,
                    price=price,
                    category_id=category.pk,
                    sort_order=s_order * 10,
                )

    def _loyalty(self) -> None:
        """What the front desk sells besides services: a membership and a gift card."""
        create_certificate_type(
            actor=self.owner,
            kind="membership",
            name="10 blow-dries",
            price=D("450.00"),
            visits=10,
            service_ids=[self.services["Blow-dry & style"].pk],
            validity_days=180,
        )
        create_certificate_type(
            actor=self.owner,
            kind="gift_card",
            name="Gift card $100",
            price=D("90.00"),
            face_value=D("100.00"),
            validity_days=365,
            sort_order=10,
        )

    def _staff(self) -> None:
        for order, spec in enumerate(STAFF):
            first, last = spec.name.lower().replace("'", "").split()
            member = create_staff_member(
                actor=self.owner,
                name=spec.name,
                location_id=self.locations[spec.location].pk,
                position_id=self.positions[spec.position].pk,
                color=spec.color,
                phone=self._us_phone(spec.location),
                sort_order=order * 10,
                email=f"{first}.{last}@lumiere-beauty.example.com",
            )
            set_weekly_hours(actor=self.owner, staff_id=member.pk, days=spec.schedule)
            terms = []
            for name in TRADES[spec.position]:
                if name in spec.skip:
                    continue
                price, minutes = spec.own_terms.get(name, (None, None))
                terms.append(
                    StaffServiceTerms(
                        service_id=self.services[name].pk, price=price, duration_minutes=minutes
                    )
                )
            set_staff_services(actor=self.owner, staff_id=member.pk, services=terms)
            self.staff.append((spec, member))

    def _member(self, name: str) -> StaffMember:
        return next(m for spec, m in self.staff if spec.name == name)

    def _schedule_changes(self) -> None:
        today, owner = self.today, self.owner
        add_time_off(
            actor=owner,
            staff_id=self._member("Marcus Bennett").pk,
            start_date=today + timedelta(days=3),
            end_date=today + timedelta(days=9),
            note="Family trip to Lisbon",
        )
        add_time_off(
            actor=owner,
            staff_id=self._member("Ryan O'Connor").pk,
            start_date=today - timedelta(days=4),
            end_date=today - timedelta(days=3),
            kind=TimeOff.Kind.SICK_LEAVE,
            note="Flu",
        )
        set_day(
            actor=owner,
            staff_id=self._member("Olivia Martinez").pk,
            day=today + timedelta(days=1),
            is_day_off=True,
            note="Personal day",
        )
        set_day(
            actor=owner,
            staff_id=self._member("Sophie Laurent").pk,
            day=today - timedelta(days=2),
            start_time=_t("10:00"),
            end_time=_t("15:00"),
            note="Leaves early: hair show",
        )
        set_day(
            actor=owner,
            staff_id=self._member("Elena Petrova").pk,
            day=today + timedelta(days=5),
            start_time=_t("12:00"),
            end_time=_t("18:00"),
            breaks=[(_t("14:30"), _t("14:45"))],
            note="Covering an extra shift",
        )

    def _members(self, chain: Chain) -> None:
        add_member(actor=self.owner, email=ADMIN_EMAIL, role_key="administrator", password=PASSWORD)
        sophie = self._member("Sophie Laurent")
        add_member(
            actor=self.owner,
            email=SPECIALIST_EMAIL,
            role_key="specialist",
            password=PASSWORD,
            staff_member_id=sophie.pk,
        )
        users = {
            m.user.email: m.user
            for m in Membership.objects.filter(
                chain=chain, user__email__in=[ADMIN_EMAIL, SPECIALIST_EMAIL]
            ).select_related("user")
        }
        for email, (first, last) in {
            ADMIN_EMAIL: ("Rachel", "Kim"),
            SPECIALIST_EMAIL: ("Sophie", "Laurent"),
        }.items():
            user = users[email]
            if not user.first_name:
                user.first_name, user.last_name = first, last
                user.save(update_fields=["first_name", "last_name"])
        self.admin = actor_for_user(user=users[ADMIN_EMAIL], chain_id=chain.pk)
        self.specialist = actor_for_user(user=users[SPECIALIST_EMAIL], chain_id=chain.pk)
        self.specialist_staff_id = sophie.pk

    # -- clients --------------------------------------------------------------------------

    def _unique_phone(self, make: Any) -> str:
        while True:
            raw = make()
            number = phonenumbers.parse(raw, None)
            if not phonenumbers.is_valid_number(number):
                continue
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            if e164 not in self.phones:
                self.phones.add(e164)
                return e164

    def _us_phone(self, key: str) -> str:
        rng = self.rng

        def make() -> str:
            area = rng.choice(AREA_CODES[key])
            exchange = rng.randint(200, 999)
            while exchange == 555 or exchange % 100 == 11:
                exchange = rng.randint(200, 999)
            return f"+1{area}{exchange}{rng.randint(0, 9999):04d}"

        return self._unique_phone(make)

    def _email(self, first: str, last: str) -> str:
        rng = self.rng
        local = rng.choice(
            [
                f"{first}.{last}",
                f"{first}{last}",
                f"{first[0]}{last}",
                f"{first}.{last}{rng.randint(1, 99)}",
            ]
        )
        local = "".join(ch for ch in local.lower() if ch.isalnum() or ch == ".")
        return f"{local}@{rng.choice(EMAIL_DOMAINS)}"

    def _clients(self) -> None:
        rng = self.rng
        people: list[tuple[str, str, str, str, str]] = []  # name, phone, email, pool, gender
        names: set[str] = set()
        abroad = len(RUSSIAN) + len(BRITISH)
        local_count = CLIENT_COUNT - abroad
        for i in range(local_count):
            pool = "ny" if i % 9 < 5 else "az"
            while True:
                gender = "female" if rng.random() < 0.8 else "male"
                first = rng.choice(FEMALE if gender == "female" else MALE)
                last = rng.choice(LAST)
                if f"{first} {last}" not in names:
                    break
            names.add(f"{first} {last}")
            email = self._email(first, last) if rng.random() < 0.45 else ""
            people.append((f"{first} {last}", self._us_phone(pool), email, pool, gender))
        for name, login in RUSSIAN:
            phone = self._unique_phone(lambda: f"+7916{rng.randint(0, 9999999):07d}")
            email = f"{login}@example.ru" if login else ""
            people.append((name, phone, email, "abroad", ""))
        for name in BRITISH:
            phone = self._unique_phone(lambda: f"+447{rng.randint(400000000, 999999999)}")
            first, last = name.split()
            email = self._email(first, last) if rng.random() < 0.6 else ""
            people.append((name, phone, email, "abroad", ""))
        rng.shuffle(people)
        # The card's details draw on their own generator, so the rest of the demo stays as it was.
        details = random.Random(repr(self.rng.getstate()))
        for name, phone, email, pool, gender in people:
            comment = rng.choice(CLIENT_COMMENTS) if rng.random() < 0.06 else ""
            born = None
            if details.random() < 0.6:
                born = date(details.randint(1950, 2006), 1, 1) + timedelta(
                    days=details.randint(0, 364)
                )
            client = create_client(
                actor=self.owner,
                name=name,
                phone=phone,
                email=email,
                comment=comment,
                gender=gender,
                birth_date=born,
                card_number=f"{details.randint(100000, 999999)}" if details.random() < 0.15 else "",
                sms_birthday=born is not None and details.random() < 0.6,
                sms_excluded=details.random() < 0.05,
            )
            self.clients[pool].append(client.pk)
        everyone = [pk for pks in self.clients.values() for pk in pks]
        self.vip_clients = set(rng.sample(everyone, 16))
        for i, client_id in enumerate(sorted(self.vip_clients)):
            update_client(
                actor=self.owner,
                client_id=client_id,
                importance="gold" if i % 3 == 0 else "silver",
                prediscount=Decimal(10) if i % 4 == 0 else Decimal(0),
            )

    # -- bookings ---------------------------------------------------------------------------

    def _bookings(self) -> None:
        first = self.today - timedelta(days=DAYS_BACK)
        last = self.today + timedelta(days=DAYS_AHEAD)
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        members = [m for _, m in self.staff]
        calendars = staff_calendars(staff_ids=[m.pk for m in members], start=first, end=last)
        links: dict[int, list[StaffService]] = {}
        for link in StaffService.objects.filter(staff__in=members).select_related("service"):
            links.setdefault(link.staff_id, []).append(link)
        seen_clients: set[int] = set()
        created: list[tuple[Booking, datetime]] = []  # booking, the "now" it is judged against

        for spec, member in self.staff:
            location = self.locations[spec.location]
            tz = location.zone
            pool = self.clients[spec.location] + (
                self.clients["abroad"] if spec.location == "ny" else []
            )
            offered = sorted(links[member.pk], key=lambda link: link.service.sort_order)
            # What counts as past: noon of `today` when it is fixed (deterministic), else now.
            now = (
                datetime.combine(self.today, time(12), tzinfo=tz)
                if self.fixed_today
                else timezone.now()
            )
            for day in days:
                hours = calendars[member.pk].hours_on(day)
                if hours is None:
                    continue
                for interval in working_intervals(day, hours, tz):
                    for start, requests in self._plan_interval(
                        interval.start, interval.end, offered
                    ):
                        booking = self._book(location, member, start, requests, pool, seen_clients)
                        if booking is not None:
                            created.append((booking, now))
        self._statuses(created)
        self._payments(created)

    def _plan_interval(
        self, start: datetime, end: datetime, offered: list[StaffService]
    ) -> list[tuple[datetime, list[ServiceRequest]]]:
        """Fill 50-70% of [start, end) with bookings on the 15-minute grid, gaps in between."""
        rng = self.rng
        length = int((end - start).total_seconds() // 60) // STEP * STEP
        target = length * rng.uniform(0.55, 0.75)
        mains = [link for link in offered if link.service.name not in ADD_ONS] or offered
        extras = [link for link in offered if link.service.name in ADD_ONS]
        planned: list[tuple[int, list[StaffService]]] = []
        used = misses = 0
        while misses < 12:
            combo = [rng.choice(mains)]
            if extras and rng.random() < 0.3:
                extra = rng.choice(extras)
                if extra.service_id != combo[0].service_id:
                    combo.append(extra)
            minutes = sum(link.effective_duration for link in combo)
            if used + minutes <= min(length, target + STEP):
                planned.append((minutes, combo))
                used += minutes
            else:
                misses += 1
        if not planned:
            return []
        gaps = [0] * (len(planned) + 1)
        for _ in range((length - used) // STEP):
            gaps[rng.randrange(len(gaps))] += STEP
        result = []
        cursor = start + timedelta(minutes=gaps[0])
        for (minutes, combo), gap in zip(planned, gaps[1:], strict=True):
            result.append((cursor, [ServiceRequest(service_id=link.service_id) for link in combo]))
            cursor += timedelta(minutes=minutes + gap)
        return result

    def _book(
        self,
        location: Location,
        member: StaffMember,
        start: datetime,
        requests: list[ServiceRequest],
        pool: list[int],
        seen_clients: set[int],
    ) -> Booking | None:
        rng = self.rng
        client_id: int | None = rng.choice(pool) if rng.random() > 0.02 else None
        category_id = None
        if client_id in self.vip_clients:
            category_id = self.categories["VIP"]
        elif client_id is not None and client_id not in seen_clients and rng.random() < 0.25:
            category_id = self.categories["First visit"]
        elif rng.random() < 0.06:
            category_id = self.categories["This specialist only"]
        if client_id is not None:
            seen_clients.add(client_id)
        actor = (
            self.specialist
            if member.pk == self.specialist_staff_id and rng.random() < 0.3
            else self.admin
        )
        try:
            return create_booking(
                actor=actor,
                location_id=location.pk,
                staff_id=member.pk,
                start=start,
                services=requests,
                client_id=client_id,
                category_id=category_id,
                color=rng.choice(BOOKING_COLORS) if rng.random() < 0.12 else "",
                comment=rng.choice(BOOKING_COMMENTS) if rng.random() < 0.15 else "",
            )
        except DomainError:
            # Refused (taken, or outside hours): a real administrator would pick another time.
            return None

    def _statuses(self, created: list[tuple[Booking, datetime]]) -> None:
        """Move bookings along as the days went: confirmed, arrived, no-show; delete a few."""
        rng = self.rng
        admin = self.admin
        for booking, now in created:
            roll = rng.random()
            if booking.end_at <= now:
                if roll < 0.08:
                    path = [BookingStatus.NO_SHOW]
                elif roll < 0.12:
                    path = [BookingStatus.CONFIRMED]
                elif roll < 0.14:
                    path = []  # nobody updated it
                elif roll < 0.6:
                    path = [BookingStatus.CONFIRMED, BookingStatus.ARRIVED]
                else:
                    path = [BookingStatus.ARRIVED]
            elif booking.start_at <= now:
                path = [BookingStatus.ARRIVED] if roll < 0.9 else [BookingStatus.CONFIRMED]
            else:
                days_ahead = (booking.start_at - now).days
                path = [BookingStatus.CONFIRMED] if roll < (0.7 if days_ahead < 2 else 0.3) else []
            for status in path:
                set_booking_status(actor=admin, booking_id=booking.pk, status=status)
            if rng.random() < 0.05:
                update_booking(
                    actor=admin, booking_id=booking.pk, comment=rng.choice(BOOKING_COMMENTS)
                )
            if rng.random() < 0.03:
                delete_booking(actor=admin, booking_id=booking.pk)

    def _payments(self, created: list[tuple[Booking, datetime]]) -> None:
        """Most visits that are over were paid: by card, in cash, or split between the two."""
        rng = self.rng
        methods = {m.kind: m.pk for m in PaymentMethod.objects.filter(chain_id=self.admin.chain_id)}
        for booking, now in created:
            booking.refresh_from_db(fields=["status", "deleted_at"])
            if booking.end_at > now or booking.status != BookingStatus.ARRIVED:
                continue
            if booking.deleted_at is not None or rng.random() < 0.1:
                continue  # a few are left to settle
            if rng.random() < 0.15:  # split: part in cash, the rest by card
                due = current_totals(booking=booking, currency="USD").due
                take_payment(
                    actor=self.admin,
                    booking_id=booking.pk,
                    method_id=methods["cash"],
                    amount=round_money(due * Decimal("0.4"), "USD"),
                )
                kind = "card"
            else:
                kind = "card" if rng.random() < 0.65 else "cash"
            take_payment(actor=self.admin, booking_id=booking.pk, method_id=methods[kind])


# ---------------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------------


def demo_summary(chain: Chain, *, created: bool) -> dict[str, Any]:
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


def _print_summary(summary: dict[str, Any], out: Writer) -> None:
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
