"""A ready salon for tests: build one with `make_salon()` and act as any of its people.

Everything is created through the services, so a test starts from the same state a real
chain would reach.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from salonbook.accounts.models import Membership, Role, User
from salonbook.accounts.selectors import actor_for_user
from salonbook.bookings.models import Booking
from salonbook.catalog.models import Service
from salonbook.catalog.services import (
    StaffServiceTerms,
    create_category,
    create_service,
    set_staff_services,
)
from salonbook.chains.services import create_chain, create_location
from salonbook.scheduling.services import WeekdayHours, set_weekly_hours
from salonbook.staff.models import StaffMember
from salonbook.staff.services import create_staff_member
from salonbook.tenancy.context import Actor
from salonbook.tenancy.models import Chain, Location
from salonbook.visits.lines import ServiceRequest
from salonbook.visits.services import create_booking

_seq = itertools.count(1)
PASSWORD = "correct-horse-battery"


def make_user(email: str | None = None) -> User:
    return User.objects.create_user(
        email=email or f"user{next(_seq)}@example.com", password=PASSWORD
    )


@dataclass
class Salon:
    chain: Chain
    owner: User
    location: Location
    staff: list[StaffMember]
    services: list[Service]
    users: dict[str, User] = field(default_factory=dict)

    @property
    def tz(self) -> ZoneInfo:
        return self.location.zone

    def actor(self, role: str = "owner") -> Actor:
        return actor_for_user(user=self.users[role], chain_id=self.chain.pk)

    def at(self, day: date, hh_mm: str) -> datetime:
        """An aware datetime at wall-clock `hh_mm` on `day` in the salon's zone."""
        return datetime.combine(day, time.fromisoformat(hh_mm), tzinfo=self.tz)

    def book(
        self,
        *,
        staff: StaffMember | None = None,
        start: datetime,
        service: Service | None = None,
        role: str = "owner",
        **kwargs: Any,
    ) -> Booking:
        return create_booking(
            actor=self.actor(role),
            location_id=self.location.pk,
            staff_id=(staff or self.staff[0]).pk,
            start=start,
            services=[ServiceRequest(service_id=(service or self.services[0]).pk)],
            **kwargs,
        )


def next_weekday(weekday: int, after: date | None = None) -> date:
    """The next date (strictly after `after`, default today) falling on `weekday`."""
    start = (after or date.today()) + timedelta(days=1)
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def make_salon(
    *,
    name: str = "Test Salon",
    time_zone: str = "America/New_York",
    country: str = "US",
    currency: str = "USD",
    staff_count: int = 2,
    hours: tuple[str, str] = ("09:00", "18:00"),
    breaks: list[tuple[str, str]] | None = None,
) -> Salon:
    owner = make_user()
    chain = create_chain(name=name, owner=owner, country=country, currency=currency)
    salon = Salon(
        chain=chain,
        owner=owner,
        location=None,
        staff=[],
        services=[],  # type: ignore[arg-type]
        users={"owner": owner},
    )
    actor = salon.actor("owner")
    salon.location = create_location(actor=actor, name=f"{name} Main", time_zone=time_zone)
    category = create_category(actor=actor, name="Hair")
    salon.services = [
        create_service(
            actor=actor,
            name="Haircut",
            duration_minutes=60,
            price=Decimal("40.00"),
            category_id=category.pk,
        ),
        create_service(
            actor=actor,
            name="Coloring",
            duration_minutes=90,
            price=Decimal("85.50"),
            category_id=category.pk,
        ),
        create_service(
            actor=actor,
            name="Beard trim",
            duration_minutes=30,
            price=Decimal("15.00"),
            category_id=category.pk,
        ),
    ]
    start, end = (time.fromisoformat(h) for h in hours)
    day_breaks = [(time.fromisoformat(b), time.fromisoformat(e)) for b, e in breaks or []]
    for i in range(staff_count):
        member = create_staff_member(
            actor=actor, name=f"Stylist {i + 1}", location_id=salon.location.pk
        )
        set_weekly_hours(
            actor=actor,
            staff_id=member.pk,
            days=[
                WeekdayHours(weekday=d, start_time=start, end_time=end, breaks=day_breaks)
                for d in range(7)
            ],
        )
        # The first two services for everyone; the beard trim only for the first stylist.
        offered = salon.services[:2] + (salon.services[2:] if i == 0 else [])
        set_staff_services(
            actor=actor,
            staff_id=member.pk,
            services=[StaffServiceTerms(service_id=s.pk) for s in offered],
        )
        salon.staff.append(member)
    for role in ("administrator", "specialist"):
        user = make_user()
        Membership.objects.create(
            user=user,
            chain=chain,
            role=Role.objects.get(chain=chain, key=role),
            staff_member=salon.staff[0] if role == "specialist" else None,
        )
        salon.users[role] = user
    return salon
