"""The demo's service menu: six categories of services with their durations and prices, what
each trade performs, and the services often added to a main one."""

from __future__ import annotations

from decimal import Decimal

from salonbook.catalog.services import create_category, create_service
from salonbook.demo.state import Demo

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


def add_catalog(demo: Demo) -> None:
    for c_order, (category_name, services) in enumerate(CATALOG.items()):
        category = create_category(actor=demo.owner, name=category_name, sort_order=c_order * 10)
        for s_order, (name, minutes, price) in enumerate(services):
            demo.services[name] = create_service(
                actor=demo.owner,
                name=name,
                duration_minutes=minutes,
                price=price,
                category_id=category.pk,
                sort_order=s_order * 10,
            )
