from __future__ import annotations

from datetime import date, time

from ninja import Schema
from pydantic import Field


class BreakIO(Schema):
    start: time
    end: time


class WeekdayIn(Schema):
    weekday: int = Field(ge=0, le=6, description="0 = Monday … 6 = Sunday")
    start_time: time
    end_time: time
    breaks: list[BreakIO] = []


class WeekdayOut(WeekdayIn):
    pass


class WeeklyHoursIn(Schema):
    days: list[WeekdayIn] = Field(description="Weekdays left out are days off.")


class DayIn(Schema):
    is_day_off: bool = False
    start_time: time | None = None
    end_time: time | None = None
    breaks: list[BreakIO] = []
    note: str = Field("", max_length=200)


class DayOut(DayIn):
    date: date


class TimeOffIn(Schema):
    start_date: date
    end_date: date
    kind: str = Field("vacation", pattern="^(vacation|sick_leave|day_off)$")
    note: str = Field("", max_length=200)


class TimeOffOut(TimeOffIn):
    id: int
    staff_id: int


class RangeQuery(Schema):
    start: date
    end: date
