"""What the demo's front desk sells besides services: a membership and a gift card."""

from __future__ import annotations

from decimal import Decimal

from salonbook.demo.state import Demo
from salonbook.loyalty.services import create_certificate_type

D = Decimal


def add_certificate_types(demo: Demo) -> None:
    create_certificate_type(
        actor=demo.owner,
        kind="membership",
        name="10 blow-dries",
        price=D("450.00"),
        visits=10,
        service_ids=[demo.services["Blow-dry & style"].pk],
        validity_days=180,
    )
    create_certificate_type(
        actor=demo.owner,
        kind="gift_card",
        name="Gift card $100",
        price=D("90.00"),
        face_value=D("100.00"),
        validity_days=365,
        sort_order=10,
    )
