"""What the demo builder has made so far, handed from one step to the next.

Every step draws on the one random generator, in the order `build` calls them: that order and
the seed are what make the same demo appear on every run with a fixed `today`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from salonbook.catalog.models import Service
from salonbook.demo.roster import StaffSpec
from salonbook.staff.models import Position, StaffMember
from salonbook.tenancy.context import Actor
from salonbook.tenancy.models import Location


def _client_pools() -> dict[str, list[int]]:
    return {"ny": [], "az": [], "abroad": []}


@dataclass
class Demo:
    rng: random.Random
    today: date
    # A fixed `today` also fixes "now" (its noon), so the statuses come out the same every run.
    fixed_today: bool
    owner: Actor
    locations: dict[str, Location]  # by key: "ny", "az"
    positions: dict[str, Position] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)
    staff: list[tuple[StaffSpec, StaffMember]] = field(default_factory=list)
    clients: dict[str, list[int]] = field(default_factory=_client_pools)  # pool -> client ids
    vip_clients: set[int] = field(default_factory=set)
    categories: dict[str, int] = field(default_factory=dict)  # booking category name -> id
    phones: set[str] = field(default_factory=set)  # every number given out, staff and clients
    # The front desk's logins: made after the staff, since the specialist is one of them.
    admin: Actor = field(init=False)
    specialist: Actor = field(init=False)
    specialist_staff_id: int = field(init=False)

    def member(self, name: str) -> StaffMember:
        return next(m for spec, m in self.staff if spec.name == name)
