"""The demo chain's products, storages, stock and bills of materials.

Made through the services, like the rest of the demo, so the change feed holds them too.
`build_stock` runs once per chain: for a demo chain built before products existed, `build_demo`
adds them on its next run.
"""

from __future__ import annotations

from decimal import Decimal

from salonbook.catalog.models import Product, Service
from salonbook.catalog.services import MaterialLine, create_product, set_bill_of_materials
from salonbook.inventory.services import StockLine, create_storage, receive_stock, write_off_stock
from salonbook.tenancy.context import Actor
from salonbook.tenancy.models import Chain, Location

D = Decimal

# name -> (SKU, unit, sale price, purchase cost, for sale, consumable)
PRODUCTS: dict[str, tuple[str, str, Decimal, Decimal, bool, bool]] = {
    "Argan oil shampoo 250 ml": ("SH-ARG-250", "pcs", D("28.00"), D("11.50"), True, False),
    "Hydrating conditioner 250 ml": ("CO-HYD-250", "pcs", D("26.00"), D("10.40"), True, False),
    "Heat protection spray 150 ml": ("SP-HEAT-150", "pcs", D("22.00"), D("8.20"), True, False),
    "Repair hair mask 200 ml": ("MK-REP-200", "pcs", D("34.00"), D("13.90"), True, False),
    "Cuticle oil 15 ml": ("NL-CUT-15", "pcs", D("12.00"), D("3.90"), True, False),
    "Hand cream 75 ml": ("SK-HAND-75", "pcs", D("16.00"), D("5.60"), True, False),
    "Permanent hair color": ("CL-DYE", "ml", D("0"), D("0.18"), False, True),
    "Developer 6%": ("CL-DEV-6", "ml", D("0"), D("0.03"), False, True),
    "Bond repair additive": ("CL-BOND", "ml", D("0"), D("0.45"), False, True),
    "Nitrile gloves": ("SUP-GLOVES", "pcs", D("0"), D("0.12"), False, True),
    "Gel polish": ("NL-GEL", "ml", D("0"), D("1.10"), False, True),
    "Gel polish remover": ("NL-REM", "ml", D("0"), D("0.02"), False, True),
    "Massage oil": ("MS-OIL", "ml", D("0"), D("0.05"), False, True),
    "Facial cleansing gel": ("SK-GEL", "ml", D("0"), D("0.09"), False, True),
}

# location name -> its storages
STORAGES = {"Manhattan": ["Main storage", "Retail shelf"], "Scottsdale": ["Main storage"]}

RETAIL = [name for name, spec in PRODUCTS.items() if spec[4]]
CONSUMABLES = [name for name, spec in PRODUCTS.items() if spec[5]]
# (location, storage) -> {product: quantity}: the first delivery of each storage.
RECEIPTS: dict[tuple[str, str], dict[str, Decimal]] = {
    ("Manhattan", "Main storage"): {
        **{name: D(12) for name in RETAIL},
        **{name: D(2000) for name in CONSUMABLES if PRODUCTS[name][1] == "ml"},
        "Nitrile gloves": D(400),
    },
    ("Manhattan", "Retail shelf"): {name: D(4) for name in RETAIL},
    ("Scottsdale", "Main storage"): {
        **{name: D(8) for name in RETAIL},
        **{name: D(1000) for name in CONSUMABLES if PRODUCTS[name][1] == "ml"},
        "Nitrile gloves": D(200),
    },
}

# service -> [(consumable, quantity per performance)]
BILLS_OF_MATERIALS: dict[str, list[tuple[str, Decimal]]] = {
    "Single-process color": [
        ("Permanent hair color", D(60)),
        ("Developer 6%", D(60)),
        ("Bond repair additive", D("7.5")),
        ("Nitrile gloves", D(2)),
    ],
    "Root touch-up": [
        ("Permanent hair color", D(30)),
        ("Developer 6%", D(30)),
        ("Nitrile gloves", D(2)),
    ],
    "Gel manicure": [("Gel polish", D("1.5")), ("Gel polish remover", D(10))],
    "Swedish massage": [("Massage oil", D(25))],
}


def build_stock(*, actor: Actor, chain: Chain) -> None:
    """Products, a storage or two per location, a first delivery into each, one write-off,
    and the bills of materials of a few services."""
    products: dict[str, Product] = {}
    for order, (name, (sku, unit, price, cost, for_sale, consumable)) in enumerate(
        PRODUCTS.items()
    ):
        products[name] = create_product(
            actor=actor,
            name=name,
            sku=sku,
            unit=unit,
            price=price,
            cost=cost,
            for_sale=for_sale,
            is_consumable=consumable,
            sort_order=order * 10,
        )
    locations = {loc.name: loc for loc in Location.objects.filter(chain=chain)}
    for (location_name, storage_name), quantities in RECEIPTS.items():
        location = locations.get(location_name)
        if location is None:
            continue
        storage = create_storage(actor=actor, location_id=location.pk, name=storage_name)
        receive_stock(
            actor=actor,
            storage_id=storage.pk,
            note="Opening stock",
            lines=[
                StockLine(product_id=products[name].pk, quantity=quantity)
                for name, quantity in quantities.items()
            ],
        )
        if (location_name, storage_name) == ("Manhattan", "Retail shelf"):
            write_off_stock(
                actor=actor,
                storage_id=storage.pk,
                reason="Tester bottle for the shelf",
                lines=[
                    StockLine(product_id=products["Argan oil shampoo 250 ml"].pk, quantity=D(1))
                ],
            )
    services = {s.name: s for s in Service.objects.filter(chain=chain, name__in=BILLS_OF_MATERIALS)}
    for service_name, rows in BILLS_OF_MATERIALS.items():
        if service_name in services:
            set_bill_of_materials(
                actor=actor,
                service_id=services[service_name].pk,
                items=[MaterialLine(products[name].pk, quantity) for name, quantity in rows],
            )
