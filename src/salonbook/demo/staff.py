"""The demo's staff: the positions, ten staff members with their weekly hours and the services
they perform (some at their own price or duration), and a fortnight's time off and changed days."""

from __future__ import annotations

from datetime import timedelta

from salonbook.catalog.services import StaffServiceTerms, set_staff_services
from salonbook.demo.catalog import TRADES
from salonbook.demo.phones import us_phone
from salonbook.demo.roster import POSITIONS, STAFF, StaffSpec, hhmm
from salonbook.demo.state import Demo
from salonbook.scheduling.models import TimeOff
from salonbook.scheduling.services import add_time_off, set_day, set_weekly_hours
from salonbook.staff.services import create_position, create_staff_member


def add_positions(demo: Demo) -> None:
    for name in POSITIONS:
        demo.positions[name] = create_position(actor=demo.owner, name=name)


def add_staff(demo: Demo) -> None:
    for order, spec in enumerate(STAFF):
        first, last = spec.name.lower().replace("'", "").split()
        member = create_staff_member(
            actor=demo.owner,
            name=spec.name,
            location_id=demo.locations[spec.location].pk,
            position_id=demo.positions[spec.position].pk,
            color=spec.color,
            phone=us_phone(demo, spec.location),
            sort_order=order * 10,
            email=f"{first}.{last}@lumiere-beauty.example.com",
        )
        set_weekly_hours(actor=demo.owner, staff_id=member.pk, days=spec.schedule)
        set_staff_services(actor=demo.owner, staff_id=member.pk, services=_terms(demo, spec))
        demo.staff.append((spec, member))


def _terms(demo: Demo, spec: StaffSpec) -> list[StaffServiceTerms]:
    """The services of the member's trade, less the skipped ones, with their own terms."""
    terms = []
    for name in TRADES[spec.position]:
        if name in spec.skip:
            continue
        price, minutes = spec.own_terms.get(name, (None, None))
        terms.append(
            StaffServiceTerms(
                service_id=demo.services[name].pk, price=price, duration_minutes=minutes
            )
        )
    return terms


def add_schedule_changes(demo: Demo) -> None:
    """A vacation ahead, a sick leave behind, a day off, a short day and an extra shift."""
    today, owner = demo.today, demo.owner
    add_time_off(
        actor=owner,
        staff_id=demo.member("Marcus Bennett").pk,
        start_date=today + timedelta(days=3),
        end_date=today + timedelta(days=9),
        note="Family trip to Lisbon",
    )
    add_time_off(
        actor=owner,
        staff_id=demo.member("Ryan O'Connor").pk,
        start_date=today - timedelta(days=4),
        end_date=today - timedelta(days=3),
        kind=TimeOff.Kind.SICK_LEAVE,
        note="Flu",
    )
    set_day(
        actor=owner,
        staff_id=demo.member("Olivia Martinez").pk,
        day=today + timedelta(days=1),
        is_day_off=True,
        note="Personal day",
    )
    set_day(
        actor=owner,
        staff_id=demo.member("Sophie Laurent").pk,
        day=today - timedelta(days=2),
        start_time=hhmm("10:00"),
        end_time=hhmm("15:00"),
        note="Leaves early: hair show",
    )
    set_day(
        actor=owner,
        staff_id=demo.member("Elena Petrova").pk,
        day=today + timedelta(days=5),
        start_time=hhmm("12:00"),
        end_time=hhmm("18:00"),
        breaks=[(hhmm("14:30"), hhmm("14:45"))],
        note="Covering an extra shift",
    )
