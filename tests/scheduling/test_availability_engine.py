"""The availability engine as pure functions: examples, properties, and daylight saving days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salonbook.scheduling.availability import (
    DayHours,
    Interval,
    free_slots,
    hours_for_date,
    parse_breaks,
    staff_day_slots,
    subtract,
    to_utc,
    working_intervals,
)

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
DAY = date(2027, 5, 4)
BASE = datetime(2027, 5, 4, tzinfo=UTC)
MIN = timedelta(minutes=1)


def at(hh_mm: str) -> datetime:
    h, m = map(int, hh_mm.split(":"))
    return BASE + timedelta(hours=h, minutes=m)


def span(a: str, b: str) -> Interval:
    return Interval(at(a), at(b))


def hhmm(instants, tz=UTC) -> list[str]:
    return [t.astimezone(tz).strftime("%H:%M") for t in instants]


# --- hours of a day -------------------------------------------------------------------------

WEEKLY = {DAY.weekday(): DayHours(time(9), time(18))}


def test_weekly_pattern_gives_the_hours_of_its_weekday():
    assert hours_for_date(DAY, weekly=WEEKLY, overrides={}, time_off=[]) == WEEKLY[DAY.weekday()]
    assert hours_for_date(DAY + timedelta(days=1), weekly=WEEKLY, overrides={}, time_off=[]) is None


def test_single_day_change_beats_the_weekly_pattern():
    other = DayHours(time(12), time(16))
    assert hours_for_date(DAY, weekly=WEEKLY, overrides={DAY: other}, time_off=[]) == other
    assert hours_for_date(DAY, weekly=WEEKLY, overrides={DAY: None}, time_off=[]) is None


def test_time_off_beats_everything():
    other = DayHours(time(12), time(16))
    time_off = [(DAY - timedelta(days=2), DAY)]
    assert hours_for_date(DAY, weekly=WEEKLY, overrides={DAY: other}, time_off=time_off) is None


def test_breaks_are_cut_out_of_the_working_day():
    hours = DayHours(time(9), time(18), ((time(13), time(14)),))
    assert working_intervals(DAY, hours, UTC) == [span("09:00", "13:00"), span("14:00", "18:00")]


def test_a_break_reaching_past_the_hours_is_clipped():
    hours = DayHours(time(9), time(18), ((time(8), time(9, 30)), (time(17, 30), time(19))))
    assert working_intervals(DAY, hours, UTC) == [span("09:30", "17:30")]


def test_parse_breaks_sorts_and_refuses_nonsense():
    assert parse_breaks([["15:00", "15:15"], ["13:00", "14:00"]]) == (
        (time(13), time(14)),
        (time(15), time(15, 15)),
    )
    for bad in ([["14:00", "13:00"]], [["13:00"]], [["1pm", "2pm"]]):
        with pytest.raises(ValueError):
            parse_breaks(bad)


def test_hours_ending_before_they_start_are_refused():
    with pytest.raises(ValueError):
        working_intervals(DAY, DayHours(time(18), time(9)), UTC)


# --- free slots ----------------------------------------------------------------------------


def slots(working, busy, minutes=60, step=15, not_before=None):
    return free_slots(
        working=working,
        busy=busy,
        duration=timedelta(minutes=minutes),
        step=timedelta(minutes=step),
        not_before=not_before,
    )


def test_a_slot_may_start_when_a_booking_ends():
    result = hhmm(slots([span("09:00", "12:00")], [span("09:00", "10:00")]))
    assert result == ["10:00", "10:15", "10:30", "10:45", "11:00"]


def test_slots_overlapping_a_booking_are_not_offered():
    result = hhmm(slots([span("09:00", "13:00")], [span("10:30", "11:00")]))
    assert "10:00" not in result and "10:15" not in result and "09:30" in result
    assert "11:00" in result


def test_a_gap_opening_off_the_grid_offers_its_start():
    result = hhmm(slots([span("09:00", "12:00")], [span("09:00", "10:07")]))
    assert result[:2] == ["10:07", "10:15"]


def test_a_service_longer_than_every_gap_gets_nothing():
    busy = [span("10:00", "10:30"), span("11:00", "11:30")]
    assert slots([span("09:30", "12:00")], busy, minutes=45) == []


def test_not_before_drops_earlier_slots_and_keeps_the_grid():
    result = hhmm(slots([span("09:00", "12:00")], [], not_before=at("10:05")))
    assert result[0] == "10:15" and result[-1] == "11:00"


def test_subtract_merges_overlapping_busy_time():
    busy = [span("10:00", "11:00"), span("10:30", "12:00"), span("08:00", "09:30")]
    assert subtract([span("09:00", "13:00")], busy) == [
        span("09:30", "10:00"),
        span("12:00", "13:00"),
    ]


def test_no_hours_means_no_slots():
    assert (
        staff_day_slots(DAY, None, UTC, busy=[], duration=MIN * 30, step=MIN * 15, not_before=None)
        == []
    )


# --- properties ----------------------------------------------------------------------------

minutes_of_day = st.integers(min_value=0, max_value=24 * 60)


@st.composite
def intervals(draw, max_size):
    """Intervals inside one day, minute resolution, possibly overlapping."""
    result = []
    for _ in range(draw(st.integers(0, max_size))):
        a = draw(st.integers(0, 24 * 60 - 5))
        b = draw(st.integers(a + 1, min(a + 8 * 60, 24 * 60)))
        result.append(Interval(BASE + a * MIN, BASE + b * MIN))
    return result


@st.composite
def working_day(draw):
    """Disjoint, sorted working intervals (the shape working_intervals produces)."""
    cuts = sorted(set(draw(st.lists(st.integers(0, 24 * 60), min_size=2, max_size=8))))
    pairs = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
    return [Interval(BASE + a * MIN, BASE + b * MIN) for a, b in pairs if b > a]


problems = st.tuples(
    working_day(),
    intervals(6),
    st.integers(5, 180),
    st.integers(5, 60),
)


def overlaps(a_start, a_end, b: Interval) -> bool:
    return a_start < b.end and b.start < a_end


@settings(max_examples=300, deadline=None)
@given(problems)
def test_no_slot_overlaps_a_booking(problem):
    working, busy, duration, step = problem
    for t in slots(working, busy, duration, step):
        assert not any(overlaps(t, t + duration * MIN, b) for b in busy)


@settings(max_examples=300, deadline=None)
@given(problems)
def test_every_slot_lies_inside_one_working_interval(problem):
    working, busy, duration, step = problem
    for t in slots(working, busy, duration, step):
        assert any(w.start <= t and t + duration * MIN <= w.end for w in working)


@settings(max_examples=300, deadline=None)
@given(problems)
def test_every_gap_long_enough_yields_its_start_and_its_grid_points(problem):
    working, busy, duration, step = problem
    offered = set(slots(working, busy, duration, step))
    for w in working:
        for gap in subtract([w], busy):
            if gap.end - gap.start < duration * MIN:
                continue
            assert gap.start in offered
            t = w.start
            while t <= gap.end - duration * MIN:
                if t >= gap.start:
                    assert t in offered
                t += step * MIN


@settings(max_examples=300, deadline=None)
@given(problems)
def test_slots_are_sorted_and_unique(problem):
    result = slots(*problem[:2], *problem[2:])
    assert result == sorted(set(result))


@settings(max_examples=200, deadline=None)
@given(st.lists(intervals(4), min_size=1, max_size=1), intervals(6))
def test_subtract_leaves_exactly_the_free_minutes(working_list, busy):
    (working,) = working_list
    free = subtract(working, busy)

    def covered(t, spans):
        return any(s.start <= t < s.end for s in spans)

    for minute in range(0, 24 * 60, 7):
        t = BASE + minute * MIN
        assert covered(t, free) == (covered(t, working) and not covered(t, busy))
    assert all(a.end < b.start or a.end == b.start for a, b in zip(free, free[1:], strict=False))


# --- daylight saving time ------------------------------------------------------------------

NINE_TO_SIX = DayHours(time(9), time(18))


@pytest.mark.parametrize(
    ("tz", "day", "utc_start", "utc_end"),
    [
        (NY, date(2026, 3, 8), "13:00", "22:00"),  # spring forward: EDT, UTC-4
        (NY, date(2026, 11, 1), "14:00", "23:00"),  # fall back: EST, UTC-5
        (BERLIN, date(2026, 3, 29), "07:00", "16:00"),  # CEST, UTC+2
        (BERLIN, date(2026, 10, 25), "08:00", "17:00"),  # CET, UTC+1
    ],
)
def test_a_nine_to_six_day_on_a_dst_change_has_the_right_instants_and_slots(
    tz, day, utc_start, utc_end
):
    (interval,) = working_intervals(day, NINE_TO_SIX, tz)
    midnight = datetime.combine(day, time(0), tzinfo=UTC)
    h0, m0 = map(int, utc_start.split(":"))
    h1, m1 = map(int, utc_end.split(":"))
    assert interval == Interval(
        midnight + timedelta(hours=h0, minutes=m0), midnight + timedelta(hours=h1, minutes=m1)
    )

    result = staff_day_slots(
        day, NINE_TO_SIX, tz, busy=[], duration=60 * MIN, step=15 * MIN, not_before=None
    )
    local = hhmm(result, tz)
    assert len(local) == 33
    assert local[0] == "09:00" and local[-1] == "17:00"
    assert local == [f"{9 + i // 4:02d}:{i % 4 * 15:02d}" for i in range(33)]


def test_hours_across_the_spring_forward_jump_are_one_hour_shorter():
    (interval,) = working_intervals(date(2026, 3, 8), DayHours(time(1), time(5)), NY)
    assert interval.end - interval.start == timedelta(hours=3)


def test_hours_across_the_fall_back_night_are_one_hour_longer():
    (interval,) = working_intervals(date(2026, 11, 1), DayHours(time(0, 30), time(3)), NY)
    assert interval.end - interval.start == timedelta(hours=3, minutes=30)


def test_a_wall_time_skipped_by_the_clocks_is_read_as_the_same_time_after_midnight():
    # 02:30 does not exist in New York on 2026-03-08: it becomes 03:30 EDT (07:30 UTC).
    assert to_utc(date(2026, 3, 8), time(2, 30), NY) == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)


def test_an_ambiguous_wall_time_is_its_first_occurrence():
    # 01:30 happens twice in New York on 2026-11-01; the first is EDT (05:30 UTC).
    assert to_utc(date(2026, 11, 1), time(1, 30), NY) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
