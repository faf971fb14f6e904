"""Working-hours pages: who works when at a location, and one staff member's weekly pattern,
single days (other hours or a day off) and time off (vacation, sick leave, days off).

Thin: parse with a form, call one service or selector, render. People who may see working
hours but not change them get the pages read-only; the services refuse their writes anyway.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salonbook.accounts.permissions import require
from salonbook.errors import DomainError, NotFound
from salonbook.scheduling import selectors, services
from salonbook.scheduling.availability import parse_breaks
from salonbook.scheduling.forms import ClearDayForm, DayForm, TimeOffForm, WeekForm
from salonbook.scheduling.models import TimeOff
from salonbook.staff.models import StaffMember
from salonbook.staff.selectors import staff_list, visible_staff_member
from salonbook.web.formatting import day_label
from salonbook.web.pages import actor_of, page, show_domain_errors
from salonbook.web.settings_forms import read_only, saved
from salonbook.web.settings_views import chosen_location

MANAGE = "schedules.manage"
# How far ahead single days are listed, and how long a finished time off stays on the list.
DAYS_AHEAD = 366
TIME_OFF_KEPT = timedelta(days=30)


def _hours_owner(request: HttpRequest, staff_id: int) -> StaffMember:
    """The staff member whose working hours these pages show (NotFound across chains)."""
    return visible_staff_member(
        actor=actor_of(request), staff_id=staff_id, permission="schedules.view"
    )


def _today(member: StaffMember) -> date:
    return timezone.now().astimezone(member.location.zone).date()


@page
def hours_index(request: HttpRequest) -> HttpResponse:
    """The weekly hours of everyone at one location, at a glance."""
    actor = actor_of(request)
    locations, location = chosen_location(request)
    staff = list(staff_list(actor=actor, location_id=location.pk)) if location else []
    weekly = selectors.weekly_by_staff(actor=actor, staff_ids=[s.pk for s in staff])
    rows = [
        {"member": member, "days": [weekly.get(member.pk, {}).get(d) for d in range(7)]}
        for member in staff
    ]
    context = {
        "locations": locations,
        "shown_location": location,
        "rows": rows,
        "weekdays": [WEEKDAYS_ABBR[d] for d in range(7)],
    }
    return render(request, "scheduling/hours_index.html", context)


def _render(
    request: HttpRequest,
    template: str,
    member: StaffMember,
    tab: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    base = {"member": member, "tab": "hours", "hours_tab": tab}
    return render(request, template, {**base, **context}, status=status)


@page
def week(request: HttpRequest, staff_id: int) -> HttpResponse:
    """The weekly pattern: which weekdays the staff member works, from when to when, breaks."""
    actor = actor_of(request)
    member = _hours_owner(request, staff_id)
    if request.method == "POST":
        require(actor, MANAGE)
        form = WeekForm(request.POST)
        if form.is_valid():
            try:
                services.set_weekly_hours(actor=actor, staff_id=member.pk, days=form.days())
            except DomainError as exc:
                show_domain_errors(form, exc, form.error_map())
            else:
                message = _("The weekly hours of %(name)s were saved.") % {"name": member.name}
                return saved(request, message, reverse("scheduling:week", args=[member.pk]))
        return _render(request, "scheduling/week.html", member, "week", {"form": form}, 422)
    form = WeekForm(rows=list(selectors.weekly_hours(actor=actor, staff_id=member.pk)))
    if not actor.can(MANAGE):
        read_only(form)
    return _render(request, "scheduling/week.html", member, "week", {"form": form})


def _days_page(
    request: HttpRequest, member: StaffMember, form: DayForm, status: int = 200
) -> HttpResponse:
    actor = actor_of(request)
    today = _today(member)
    overrides = selectors.day_overrides(
        actor=actor, staff_id=member.pk, start=today, end=today + timedelta(days=DAYS_AHEAD)
    )
    shown = [{"day": o, "breaks": parse_breaks(o.breaks)} for o in overrides]
    context = {"form": form, "overrides": shown}
    return _render(request, "scheduling/days.html", member, "days", context, status)


@page
def days(request: HttpRequest, staff_id: int) -> HttpResponse:
    """Single days that differ from the week: other hours, or a day off. `?date=` edits one."""
    actor = actor_of(request)
    member = _hours_owner(request, staff_id)
    if request.method == "POST":
        require(actor, MANAGE)
        form = DayForm(request.POST)
        if form.is_valid():
            try:
                services.set_day(actor=actor, staff_id=member.pk, **form.arguments())
            except DomainError as exc:
                show_domain_errors(form, exc, DayForm.ERRORS)
            else:
                day = day_label(form.cleaned_data["date"], actor.chain.country, "medium")
                message = _("The hours of %(day)s were saved.") % {"day": day}
                return saved(request, message, reverse("scheduling:days", args=[member.pk]))
        return _days_page(request, member, form, status=422)
    initial: dict[str, Any] = {"date": _today(member) + timedelta(days=1), "day_off": "0"}
    try:
        chosen = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        chosen = None
    if chosen is not None:
        existing = selectors.day_overrides(
            actor=actor, staff_id=member.pk, start=chosen, end=chosen
        ).first()
        initial = DayForm.initial_from(existing) if existing else {**initial, "date": chosen}
    form = DayForm(initial=initial)
    if not actor.can(MANAGE):
        read_only(form)
    return _days_page(request, member, form)


@page
@require_POST
def day_clear(request: HttpRequest, staff_id: int) -> HttpResponse:
    """Let a single day follow the weekly pattern again."""
    actor = actor_of(request)
    member = _hours_owner(request, staff_id)
    require(actor, MANAGE)
    form = ClearDayForm(request.POST)
    if not form.is_valid():
        raise NotFound(_("No such day."))
    day = form.cleaned_data["date"]
    services.clear_day(actor=actor, staff_id=member.pk, day=day)
    shown = day_label(day, actor.chain.country, "medium")
    message = _("%(day)s follows the weekly hours again.") % {"day": shown}
    return saved(request, message, reverse("scheduling:days", args=[member.pk]))


def _time_off_page(
    request: HttpRequest, member: StaffMember, form: TimeOffForm, status: int = 200
) -> HttpResponse:
    actor = actor_of(request)
    since = _today(member) - TIME_OFF_KEPT
    entries = selectors.time_off_list(actor=actor, staff_id=member.pk).filter(end_date__gte=since)
    kinds = dict(TimeOff.Kind.choices)
    shown = [{"entry": e, "kind": kinds.get(e.kind, e.kind)} for e in entries]
    context = {"form": form, "entries": shown, "today": _today(member)}
    return _render(request, "scheduling/time_off.html", member, "time_off", context, status)


@page
def time_off(request: HttpRequest, staff_id: int) -> HttpResponse:
    """Vacations, sick leave and days off: the list, and a form to add one."""
    actor = actor_of(request)
    member = _hours_owner(request, staff_id)
    if request.method == "POST":
        require(actor, MANAGE)
        form = TimeOffForm(request.POST)
        if form.is_valid():
            try:
                services.add_time_off(actor=actor, staff_id=member.pk, **form.cleaned_data)
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                message = _("The time off of %(name)s was added.") % {"name": member.name}
                return saved(request, message, reverse("scheduling:time-off", args=[member.pk]))
        return _time_off_page(request, member, form, status=422)
    form = TimeOffForm()
    if not actor.can(MANAGE):
        read_only(form)
    return _time_off_page(request, member, form)


@page
@require_POST
def time_off_delete(request: HttpRequest, staff_id: int, time_off_id: int) -> HttpResponse:
    actor = actor_of(request)
    member = _hours_owner(request, staff_id)
    require(actor, MANAGE)
    services.delete_time_off(actor=actor, time_off_id=time_off_id, staff_id=member.pk)
    message = _("The time off was deleted.")
    return saved(request, message, reverse("scheduling:time-off", args=[member.pk]))
