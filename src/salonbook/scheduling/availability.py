"""The availability engine: pure functions from working hours and bookings to free slots.

No database and no Django here, so the rules can be tested exhaustively (tests/scheduling)
and run fast: the free-slot question for 50 staff x 30 days is 1,500 calls of
`staff_day_slots`. Instants are timezone-aware datetimes (UTC in practice); wall-clock times
belong to a location's zone and become instants per date, so DST days come out right.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class Interval:
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class DayHours:
    """Wall-clock working hours of one day in the location's zone, with breaks inside."""

    start: time
    end: time
    breaks: tuple[tuple[time, time], ...] = ()


def parse_breaks(raw: list | None) -> tuple[tuple[time, time], ...]:
    """Breaks as stored ([["13:00", "14:00"], ...]) -> sorted (start, end) pairs."""
    result = []
    for item in raw or []:
        try:
            start, end = (time.fromisoformat(part) for part in item)
        except (TypeError, ValueError):
            raise ValueError(f"A break must be two HH:MM times, not {item!r}") from None
        if start >= end:
            raise ValueError(f"Break {item!r} must end after it starts")
        result.append((start, end))
    return tuple(sorted(result))


def hours_for_date(
    day: date,
    *,
    weekly: Mapping[int, DayHours],
    overrides: Mapping[date, DayHours | None],
    time_off: Sequence[tuple[date, date]],
) -> DayHours | None:
    """The hours worked on `day`: time off beats a single-day change beats the weekly pattern."""
    for first, last in time_off:
        if first <= day <= last:
            return None
    if day in overrides:
        return overrides[day]
    return weekly.get(day.weekday())


def to_utc(day: date, wall: time, tz: ZoneInfo) -> datetime:
    """The UTC instant at wall-clock `wall` on `day` in `tz`.

    An ambiguous time (the repeated hour when clocks go back) is its first occurrence. A time
    that does not exist (skipped when clocks go forward) is read with the offset in force
    before the jump, so 02:30 on a spring-forward night becomes the instant the clocks show
    as 03:30: the same length of time after midnight as the wall clock promised.
    """
    return datetime.combine(day, wall, tzinfo=tz).astimezone(UTC)


def working_intervals(day: date, hours: DayHours, tz: ZoneInfo) -> list[Interval]:
    """The day's working time as UTC intervals, breaks cut out (and clipped to the hours)."""
    if hours.end <= hours.start:
        raise ValueError("Working hours must end after they start, within the day")
    pieces = []
    cursor = hours.start
    for b_start, b_end in sorted(hours.breaks):
        b_start, b_end = max(b_start, hours.start), min(b_end, hours.end)
        if b_start >= b_end:
            continue
        if b_start > cursor:
            pieces.append((cursor, b_start))
        cursor = max(cursor, b_end)
    if cursor < hours.end:
        pieces.append((cursor, hours.end))
    result = []
    for start, end in pieces:
        interval = Interval(to_utc(day, start, tz), to_utc(day, end, tz))
        if interval.start < interval.end:  # a piece inside a DST gap has no length
            result.append(interval)
    return result


def _merged(busy: Sequence[Interval]) -> list[Interval]:
    """Busy time as sorted, disjoint intervals (touching ones joined)."""
    # Bookings of one staff member come sorted and apart; check that before sorting.
    previous_end = None
    for item in busy:
        if previous_end is not None and item.start <= previous_end:
            break
        previous_end = item.end
    else:
        return list(busy)
    ordered = sorted(busy, key=lambda i: i.start)
    merged: list[Interval] = []
    for item in ordered:
        if merged and item.start <= merged[-1].end:
            if item.end > merged[-1].end:
                merged[-1] = Interval(merged[-1].start, item.end)
        else:
            merged.append(item)
    return merged


def subtract(intervals: Sequence[Interval], busy: Sequence[Interval]) -> list[Interval]:
    """`intervals` minus the union of `busy`; sorted and disjoint."""
    blocks = _merged(busy)
    result = []
    for interval in _merged(intervals):
        cursor = interval.start
        # Skip blocks that end before this interval starts.
        i = bisect_left([b.end for b in blocks], cursor)
        while i < len(blocks) and blocks[i].start < interval.end:
            block = blocks[i]
            if block.start > cursor:
                result.append(Interval(cursor, block.start))
            cursor = max(cursor, block.end)
            i += 1
        if cursor < interval.end:
            result.append(Interval(cursor, interval.end))
    return result


def free_slots(
    *,
    working: Sequence[Interval],
    busy: Sequence[Interval],
    duration: timedelta,
    step: timedelta,
    not_before: datetime | None = None,
) -> list[datetime]:
    """Start times t with [t, t + duration) inside one working interval and clear of `busy`.

    Candidates are the step grid counted from each working interval's start, plus the start of
    every free gap (so time freed by a booking ending at 10:07 is offered at 10:07). Busy
    intervals are half-open: a booking ending at 10:00 leaves 10:00 free. `working` must be
    sorted and disjoint (as `working_intervals` returns it). The result is sorted and unique.
    """
    slots = free_slot_seconds(
        working=[(_floor(w.start), _floor(w.end)) for w in working],
        busy=[(_floor(b.start), _ceil(b.end)) for b in busy],
        duration=_span_seconds(duration),
        step=_span_seconds(step),
        not_before=None if not_before is None else _ceil(not_before),
    )
    return [datetime.fromtimestamp(t, UTC) for t in slots]


# The engine's core works on whole seconds since the epoch: ints compare and add several
# times faster than aware datetimes, which matters at 1,500 staff-days a question. Busy time
# is rounded outwards and the lead time up, so rounding can only withhold a slot, never
# offer one that overlaps.
def _floor(instant: datetime) -> int:
    return math.floor(instant.timestamp())


def _ceil(instant: datetime) -> int:
    return math.ceil(instant.timestamp())


def _span_seconds(span: timedelta) -> int:
    seconds = math.ceil(span.total_seconds())
    if seconds <= 0:
        raise ValueError("duration and step must be positive")
    return seconds


def _merged_pairs(busy: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Busy time as sorted, disjoint (start, end) pairs (touching ones joined)."""
    previous_end = None
    for start, end in busy:  # one staff member's bookings come sorted and apart: check first
        if previous_end is not None and start <= previous_end:
            break
        previous_end = end
    else:
        return list(busy)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(busy):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def free_slot_seconds(
    *,
    working: Sequence[tuple[int, int]],
    busy: Sequence[tuple[int, int]],
    duration: int,
    step: int,
    not_before: int | None = None,
) -> list[int]:
    """`free_slots` in epoch seconds: the same rules, for callers that already hold seconds."""
    if duration <= 0 or step <= 0:
        raise ValueError("duration and step must be positive")
    blocks = _merged_pairs(busy)
    result: list[int] = []
    j = 0  # first block that may still matter; both lists are sorted, so one sweep serves all
    count = len(blocks)
    for w_start, w_end in working:
        while j < count and blocks[j][1] <= w_start:
            j += 1
        cursor = w_start
        k = j
        while cursor < w_end:
            if k < count and blocks[k][0] < w_end:
                gap_end, next_cursor = blocks[k]
                k += 1
            else:
                gap_end = next_cursor = w_end
            if gap_end > cursor:
                latest = gap_end - duration
                earliest = cursor if not_before is None or not_before <= cursor else not_before
                if latest >= earliest:
                    t = (
                        w_start - ((w_start - earliest) // step) * step
                    )  # first grid point >= earliest
                    if earliest == cursor and t != cursor:
                        result.append(cursor)
                    result.extend(range(t, latest + 1, step))
            if next_cursor > cursor:
                cursor = next_cursor
    return result


def working_seconds(day: date, hours: DayHours, tz: ZoneInfo) -> list[tuple[int, int]]:
    """`working_intervals` in epoch seconds."""
    return [(_floor(w.start), _floor(w.end)) for w in working_intervals(day, hours, tz)]


def staff_day_slots(
    day: date,
    hours: DayHours | None,
    tz: ZoneInfo,
    *,
    busy: Sequence[Interval],
    duration: timedelta,
    step: timedelta,
    not_before: datetime | None,
) -> list[datetime]:
    """Free slots of one staff member on one local day; none on a day off."""
    if hours is None:
        return []
    return free_slots(
        working=working_intervals(day, hours, tz),
        busy=busy,
        duration=duration,
        step=step,
        not_before=not_before,
    )
