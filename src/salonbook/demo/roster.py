"""Who works in the demo salon: the positions, and each staff member's location, trade, colour,
weekly hours and own prices or durations (the staff are made from these in `staff`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from decimal import Decimal

from salonbook.scheduling.services import WeekdayHours

POSITIONS = ["Hair stylist", "Colorist", "Nail technician", "Cosmetologist", "Massage therapist"]

D = Decimal


def hhmm(text: str) -> time:
    return time.fromisoformat(text)


def _days(weekdays: str, start: str, end: str, *breaks: str) -> list[WeekdayHours]:
    """`_days("1-5", "10:00", "19:00", "14:00-14:30")`: weekdays 0=Mon, ranges and commas."""
    numbers: list[int] = []
    for part in weekdays.split(","):
        first, _, last = part.partition("-")
        numbers.extend(range(int(first), int(last or first) + 1))
    pairs = [tuple(hhmm(x) for x in b.split("-")) for b in breaks]
    return [
        WeekdayHours(weekday=d, start_time=hhmm(start), end_time=hhmm(end), breaks=pairs)  # type: ignore[arg-type]
        for d in numbers
    ]


@dataclass
class StaffSpec:
    """One staff member as the demo makes them; `skip` leaves out services of their trade."""

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
