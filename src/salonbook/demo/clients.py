"""The demo's client base: 320 clients with valid, unique phones (local ones in the area codes of
their location, a few from Russia and Britain), some e-mails, birthdays, cards and comments,
and sixteen VIPs."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from salonbook.clients.services import create_client, update_client
from salonbook.demo.phones import unique_phone, us_phone
from salonbook.demo.state import Demo

CLIENT_COUNT = 320


def _words(text: str) -> list[str]:
    return text.split()


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

Person = tuple[str, str, str, str, str]  # name, phone, email, pool, gender


def add_clients(demo: Demo) -> None:
    people = _local_people(demo) + _people_abroad(demo)
    demo.rng.shuffle(people)
    # The card's details draw on their own generator, so the rest of the demo stays as it was.
    details = random.Random(repr(demo.rng.getstate()))
    for person in people:
        _add_client(demo, details, person)
    _mark_vips(demo)


def _local_people(demo: Demo) -> list[Person]:
    """Five in nine from around Manhattan, the rest from around Scottsdale; no name twice."""
    rng = demo.rng
    people: list[Person] = []
    names: set[str] = set()
    local_count = CLIENT_COUNT - len(RUSSIAN) - len(BRITISH)
    for i in range(local_count):
        pool = "ny" if i % 9 < 5 else "az"
        while True:
            gender = "female" if rng.random() < 0.8 else "male"
            first = rng.choice(FEMALE if gender == "female" else MALE)
            last = rng.choice(LAST)
            if f"{first} {last}" not in names:
                break
        names.add(f"{first} {last}")
        email = _email(demo, first, last) if rng.random() < 0.45 else ""
        people.append((f"{first} {last}", us_phone(demo, pool), email, pool, gender))
    return people


def _people_abroad(demo: Demo) -> list[Person]:
    rng = demo.rng
    people: list[Person] = []
    for name, login in RUSSIAN:
        phone = unique_phone(demo, lambda: f"+7916{rng.randint(0, 9999999):07d}")
        email = f"{login}@example.ru" if login else ""
        people.append((name, phone, email, "abroad", ""))
    for name in BRITISH:
        phone = unique_phone(demo, lambda: f"+447{rng.randint(400000000, 999999999)}")
        first, last = name.split()
        email = _email(demo, first, last) if rng.random() < 0.6 else ""
        people.append((name, phone, email, "abroad", ""))
    return people


def _email(demo: Demo, first: str, last: str) -> str:
    rng = demo.rng
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


def _add_client(demo: Demo, details: random.Random, person: Person) -> None:
    rng = demo.rng
    name, phone, email, pool, gender = person
    comment = rng.choice(CLIENT_COMMENTS) if rng.random() < 0.06 else ""
    born = None
    if details.random() < 0.6:
        born = date(details.randint(1950, 2006), 1, 1) + timedelta(days=details.randint(0, 364))
    client = create_client(
        actor=demo.owner,
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
    demo.clients[pool].append(client.pk)


def _mark_vips(demo: Demo) -> None:
    """Sixteen VIPs: gold or silver, and every fourth with a standing 10% discount."""
    everyone = [pk for pks in demo.clients.values() for pk in pks]
    demo.vip_clients = set(demo.rng.sample(everyone, 16))
    for i, client_id in enumerate(sorted(demo.vip_clients)):
        update_client(
            actor=demo.owner,
            client_id=client_id,
            importance="gold" if i % 3 == 0 else "silver",
            prediscount=Decimal(10) if i % 4 == 0 else Decimal(0),
        )
