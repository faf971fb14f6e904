"""The booking sheet: create a booking, see and edit it, set its status, delete it. An
existing booking's sheet has two tabs: the Visit (visits.views: its lines, goods, payments)
and Details (the booking form).

Thin: parse with visits.booking_form, call one service, render the sheet again (422 with the
service's refusals on the form) or close it and say so.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salonbook.accounts.permissions import require
from salonbook.bookings.models import Booking
from salonbook.bookings.selectors import booking_categories, calendar_staff, visible_booking
from salonbook.catalog.selectors import staff_services
from salonbook.clients.models import AdditionalField
from salonbook.clients.selectors import access_client, additional_fields, present_client
from salonbook.errors import DomainError, NotFound
from salonbook.tenancy.context import Actor
from salonbook.tenancy.models import Location
from salonbook.visits import services
from salonbook.visits.booking_form import BookingForm, Offer
from salonbook.visits.schedule_views import status_labels
from salonbook.visits.selectors import present_booking
from salonbook.visits.views import visit_context
from salonbook.web.pages import (
    actor_of,
    current_location,
    is_htmx,
    page,
    parse_id,
    refusal,
    show_domain_errors,
)
from salonbook.web.settings_forms import PALETTE


def _booking_form(
    request: HttpRequest,
    actor: Actor,
    location: Location,
    *,
    staff_id: int | None,
    data: Any = None,
    initial: dict[str, Any] | None = None,
    booking: Booking | None = None,
) -> BookingForm:
    """The booking form for `location`; editing `booking`, its own staff member and services
    are offered even if they have since been dismissed or withdrawn (the service keeps them)."""
    staff = calendar_staff(actor=actor, location_id=location.pk)
    if booking is not None and booking.staff_id not in {s.pk for s in staff}:
        staff.append(booking.staff)
    if staff_id not in {s.pk for s in staff}:
        staff_id = staff[0].pk if staff else None
    offers = (
        [
            Offer.from_link(link)
            for link in staff_services(actor=actor, staff_id=staff_id)
            if link.service.is_active
        ]
        if staff_id
        else []
    )
    if booking is not None:
        booked = {line.service_id: Offer.from_line(line) for line in booking.services.all()}
        offers = [booked.pop(o.service_id, o) for o in offers] + list(booked.values())
    categories = [(c.pk, c.name) for c in booking_categories(actor=actor)]
    extra = list(additional_fields(actor=actor, applies_to=AdditionalField.AppliesTo.BOOKING))
    return BookingForm(
        data,
        initial={**(initial or {}), "staff_id": staff_id},
        staff=staff,
        offered=offers,
        categories=categories,
        extra_fields=extra,
        step_minutes=location.slot_step_minutes,
    )


def _sheet(
    request: HttpRequest,
    form: BookingForm,
    *,
    booking: Booking | None = None,
    details: dict[str, Any] | None = None,
    tab: str = "visit",
    status: int = 200,
) -> HttpResponse:
    actor = actor_of(request)
    context: dict[str, Any] = {
        "form": form,
        "client_state": _client_state(actor, form, details),
        # A booking is shown, not offered for change, to whoever may not edit it, or once deleted.
        "readonly": booking is not None
        and (bool(details and details["deleted"]) or not actor.can("bookings.edit")),
        "booking": booking,
        "details": details,
        "palette": PALETTE,
        "statuses": status_labels(),
        # An existing booking's sheet: the Visit tab (its services and payments) or Details.
        "tab": tab if tab in SHEET_TABS else SHEET_TABS[0],
    }
    if booking is not None:
        context.update(visit_context(request, actor, booking.pk))
    template = "visits/booking_sheet.html" if is_htmx(request) else "visits/booking_page.html"
    return render(request, template, context, status=status)


SHEET_TABS = ("visit", "details")


def _client_state(
    actor: Actor, form: BookingForm, details: dict[str, Any] | None
) -> dict[str, Any] | None:
    """Who the form's client is: as posted (when re-shown with errors) or as booked."""
    if form.is_bound:
        client_id = parse_id(form.data.get("client_id"))
        if client_id:
            try:
                client = access_client(actor=actor, client_id=client_id)
            except NotFound:
                return None
            return present_client(actor=actor, client=client)
        if form.data.get("new_client_phone"):
            return {
                "kind": "new",
                "phone": form.data.get("new_client_phone", ""),
                "name": form.data.get("new_client_name", ""),
                "email": form.data.get("new_client_email", ""),
            }
        return None
    if details and details["client"]:
        return {"kind": "existing", **details["client"]}
    return None


def _saved(request: HttpRequest, message: str, booking: Booking) -> HttpResponse:
    """Close the sheet and say so; without htmx, go back to the booking's day."""
    if not is_htmx(request):
        day = booking.start_at.astimezone(booking.location.zone).date()
        return redirect(f"{reverse('schedule')}?date={day.isoformat()}")
    response = HttpResponse(status=204)
    response["HX-Trigger"] = json.dumps(
        {
            "close-sheet": True,
            "booking-saved": {"id": booking.pk},
            "toast": {"message": message, "kind": "ok"},
        }
    )
    return response


def _location_or_refusal(request: HttpRequest) -> Location | HttpResponse:
    location = current_location(request)
    if location is None:
        return refusal(request, 404, _("This salon has no locations yet."))
    return location


@page
def booking_new(request: HttpRequest) -> HttpResponse:
    """The new-booking sheet, filled from the tapped cell (?staff=&start=)."""
    actor = actor_of(request)
    require(actor, "bookings.create")
    location = _location_or_refusal(request)
    if isinstance(location, HttpResponse):
        return location
    if request.method == "POST":
        staff_id = parse_id(request.POST.get("staff_id"))
        form = _booking_form(request, actor, location, staff_id=staff_id, data=request.POST)
        if form.is_valid():
            try:
                booking = services.create_booking(
                    actor=actor, location_id=location.pk, **form.create_arguments()
                )
            except DomainError as exc:
                show_domain_errors(form, exc, form.error_map())
            else:
                return _saved(request, _("Booking created"), booking)
        return _sheet(request, form, status=422)

    start = _parse_start(request.GET.get("start"), location)
    staff_id = parse_id(request.GET.get("staff"))
    initial = {"date": start.date(), "time": start.time().strftime("%H:%M")}
    form = _booking_form(request, actor, location, staff_id=staff_id, initial=initial)
    first = form.offered[0].effective_duration if form.offered else 60
    form.initial["duration_minutes"] = first
    return _sheet(request, form)


def _parse_start(raw: str | None, location: Location) -> datetime:
    """`2026-11-25T10:30` as wall-clock time; the next whole hour when missing or bad."""
    try:
        return datetime.fromisoformat(raw).replace(tzinfo=None, second=0, microsecond=0)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        now = timezone.now().astimezone(location.zone).replace(tzinfo=None)
        return now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


def _initial_from(booking: Booking, tz: Any) -> dict[str, Any]:
    start = booking.start_at.astimezone(tz)
    initial: dict[str, Any] = {
        "client_id": booking.client_id,
        "services": [line.service_id for line in booking.services.all()],
        "date": start.date(),
        "time": start.strftime("%H:%M"),
        "duration_minutes": int((booking.end_at - booking.start_at).total_seconds() // 60),
        "color": booking.color,
        "category_id": booking.category_id,
        "comment": booking.comment,
        "version": booking.version,
    }
    for key, value in (booking.field_values or {}).items():
        initial[f"field_{key}"] = value
    return initial


@page
def booking_detail(request: HttpRequest, booking_id: int) -> HttpResponse:
    """A booking's sheet: see it, edit and reschedule it (POST saves)."""
    actor = actor_of(request)
    if request.method != "POST":
        return _booking_sheet(request, actor, booking_id, tab=request.GET.get("tab", ""))
    booking = visible_booking(actor=actor, booking_id=booking_id)
    form = _booking_form(
        request,
        actor,
        booking.location,
        staff_id=parse_id(request.POST.get("staff_id")),
        data=request.POST,
        booking=booking,
    )
    if form.is_valid():
        try:
            saved = services.update_booking(
                actor=actor,
                booking_id=booking.pk,
                expected_version=form.cleaned_data.get("version"),
                **form.update_arguments(booking, booking.location.zone),
            )
        except DomainError as exc:
            show_domain_errors(form, exc, form.error_map())
        else:
            return _saved(request, _("Booking saved"), saved)
    return _booking_sheet(request, actor, booking_id, form=form, tab="details", status=422)


def _booking_sheet(
    request: HttpRequest,
    actor: Actor,
    booking_id: int,
    *,
    form: BookingForm | None = None,
    tab: str = "",
    status: int = 200,
) -> HttpResponse:
    booking = visible_booking(actor=actor, booking_id=booking_id)
    tz = booking.location.zone
    details = present_booking(actor=actor, booking=booking, tz=tz)
    if form is None:
        form = _booking_form(
            request,
            actor,
            booking.location,
            staff_id=booking.staff_id,
            initial=_initial_from(booking, tz),
            booking=booking,
        )
    return _sheet(request, form, booking=booking, details=details, tab=tab, status=status)


@page
@require_POST
def booking_status(request: HttpRequest, booking_id: int) -> HttpResponse:
    """Expected, Arrived, No show, Confirmed: set from the sheet, which is drawn again."""
    actor = actor_of(request)
    status = request.POST.get("status", "")
    try:
        services.set_booking_status(actor=actor, booking_id=booking_id, status=status)
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        response = refusal(request, exc.status, exc.detail)
        response["HX-Reswap"] = "none"
        response["HX-Trigger"] = json.dumps({"toast": {"message": exc.detail, "kind": "error"}})
        return response
    response = _booking_sheet(request, actor, booking_id, tab=request.POST.get("tab", ""))
    response["HX-Trigger"] = json.dumps({"booking-saved": {"id": booking_id}})
    return response


@page
@require_POST
def booking_delete(request: HttpRequest, booking_id: int) -> HttpResponse:
    actor = actor_of(request)
    booking = services.delete_booking(actor=actor, booking_id=booking_id)
    return _saved(request, _("Booking deleted"), booking)


@page
def services_field(request: HttpRequest) -> HttpResponse:
    """The services a staff member performs: the form's list, redrawn when the staff changes."""
    actor = actor_of(request)
    location = _location_or_refusal(request)
    if isinstance(location, HttpResponse):
        return location
    form = _booking_form(
        request,
        actor,
        location,
        staff_id=parse_id(request.GET.get("staff_id")),
        initial={"services": [i for s in request.GET.getlist("services") if (i := parse_id(s))]},
    )
    return render(request, "visits/_services_field.html", {"form": form})
