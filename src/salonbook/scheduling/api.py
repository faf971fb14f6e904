from __future__ import annotations

from datetime import date, time

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from salonbook.errors import Invalid
from salonbook.scheduling import selectors, services
from salonbook.scheduling.models import DayOverride, WeeklyHours
from salonbook.scheduling.schemas import (
    DayIn,
    DayOut,
    RangeQuery,
    TimeOffIn,
    TimeOffOut,
    WeekdayOut,
    WeeklyHoursIn,
)
from salonbook.staff.selectors import access_staff_member
from salonbook.tenancy.context import actor_of

router = Router()


def _breaks(raw: list[list[str]]) -> list[dict[str, time]]:
    return [{"start": time.fromisoformat(b), "end": time.fromisoformat(e)} for b, e in raw]


def _weekday(row: WeeklyHours) -> dict:
    return {
        "weekday": row.weekday,
        "start_time": row.start_time,
        "end_time": row.end_time,
        "breaks": _breaks(row.breaks),
    }


def _day(row: DayOverride) -> dict:
    return {
        "date": row.date,
        "is_day_off": row.is_day_off,
        "start_time": row.start_time,
        "end_time": row.end_time,
        "breaks": _breaks(row.breaks),
        "note": row.note,
    }


@router.get("/staff/{staff_id}/weekly-hours", response=list[WeekdayOut])
def get_weekly_hours(request: HttpRequest, staff_id: int):
    actor = actor_of(request)
    access_staff_member(actor=actor, staff_id=staff_id)
    return [_weekday(r) for r in selectors.weekly_hours(actor=actor, staff_id=staff_id)]


@router.put("/staff/{staff_id}/weekly-hours", response=list[WeekdayOut])
def set_weekly_hours(request: HttpRequest, staff_id: int, payload: WeeklyHoursIn):
    """Replace the weekly pattern; weekdays left out are days off."""
    rows = services.set_weekly_hours(
        actor=actor_of(request),
        staff_id=staff_id,
        days=[
            services.WeekdayHours(
                weekday=d.weekday,
                start_time=d.start_time,
                end_time=d.end_time,
                breaks=[(b.start, b.end) for b in d.breaks],
            )
            for d in payload.days
        ],
    )
    return [_weekday(r) for r in sorted(rows, key=lambda r: r.weekday)]


@router.get("/staff/{staff_id}/days", response=list[DayOut])
def list_days(request: HttpRequest, staff_id: int, params: Query[RangeQuery]):
    """Single-day changes (other hours or a day off) between two dates."""
    actor = actor_of(request)
    if params.end < params.start:
        raise Invalid({"end": _("The range must end on or after its start.")})
    access_staff_member(actor=actor, staff_id=staff_id)
    return [
        _day(r)
        for r in selectors.day_overrides(
            actor=actor, staff_id=staff_id, start=params.start, end=params.end
        )
    ]


@router.put("/staff/{staff_id}/days/{day}", response=DayOut)
def set_day(request: HttpRequest, staff_id: int, day: date, payload: DayIn):
    row = services.set_day(
        actor=actor_of(request),
        staff_id=staff_id,
        day=day,
        is_day_off=payload.is_day_off,
        start_time=payload.start_time,
        end_time=payload.end_time,
        breaks=[(b.start, b.end) for b in payload.breaks],
        note=payload.note,
    )
    return _day(row)


@router.delete("/staff/{staff_id}/days/{day}", response={204: None})
def clear_day(request: HttpRequest, staff_id: int, day: date):
    services.clear_day(actor=actor_of(request), staff_id=staff_id, day=day)
    return Status(204, None)


@router.get("/staff/{staff_id}/time-off", response=list[TimeOffOut])
def list_time_off(request: HttpRequest, staff_id: int):
    actor = actor_of(request)
    access_staff_member(actor=actor, staff_id=staff_id)
    return selectors.time_off_list(actor=actor, staff_id=staff_id)


@router.post("/staff/{staff_id}/time-off", response={201: TimeOffOut})
def add_time_off(request: HttpRequest, staff_id: int, payload: TimeOffIn):
    return Status(
        201, services.add_time_off(actor=actor_of(request), staff_id=staff_id, **payload.dict())
    )


@router.delete("/time-off/{time_off_id}", response={204: None})
def delete_time_off(request: HttpRequest, time_off_id: int):
    services.delete_time_off(actor=actor_of(request), time_off_id=time_off_id)
    return Status(204, None)
