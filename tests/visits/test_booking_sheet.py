"""The booking sheet of the pages: create, open, edit, reschedule, status, delete; refusals."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from salonbook.accounts.models import Role
from salonbook.bookings.models import Booking, BookingService
from salonbook.bookings.services import create_booking_category
from salonbook.catalog.services import update_service
from salonbook.clients.models import Client
from salonbook.clients.services import (
    create_additional_field,
    create_client,
    update_additional_field,
)
from salonbook.staff.services import update_staff_member
from salonbook.sync.models import ChangeEvent
from salonbook.visits.lines import ServiceRequest
from salonbook.visits.services import update_booking
from tests.pages import HTMX, browser_as, htmx_triggers
from tests.salon import make_salon, next_weekday

pytestmark = pytest.mark.django_db


@pytest.fixture
def day():
    return next_weekday(1)


@pytest.fixture
def client_card(salon):
    return create_client(actor=salon.actor(), name="Ada Lovelace", phone="+12125550123")


def pressed_status(html: str) -> str:
    """The status whose button shows as pressed in the sheet."""
    return re.search(r'aria-pressed="true"\s+data-status="(\w+)"', html).group(1)


def form_data(salon, day, **changes):
    data = {
        "staff_id": salon.staff[0].pk,
        "services": [salon.services[0].pk],
        "date": day.isoformat(),
        "time": "10:00",
        "duration_minutes": "60",
        "color": "",
        "category_id": "",
        "comment": "",
    }
    data.update(changes)
    return data


def test_the_new_booking_sheet_is_filled_from_the_tapped_cell(salon, day):
    response = browser_as(salon).get(
        "/bookings/new/",
        {"staff": salon.staff[1].pk, "start": f"{day.isoformat()}T14:15"},
        headers=HTMX,
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # a fragment for the sheet, not a page
    assert f'value="{salon.staff[1].pk}" selected' in html
    assert f'value="{day.isoformat()}"' in html and 'value="14:15"' in html
    # Only what this staff member performs: the beard trim is the first stylist's alone.
    assert "Haircut" in html and "Coloring" in html and "Beard trim" not in html
    # Until a service is ticked, the duration is that of the first one offered (Coloring).
    assert 'name="duration_minutes" value="90"' in html
    assert ">Create<" in html


def test_the_sheet_opens_as_a_whole_page_without_htmx(salon, day):
    response = browser_as(salon).get("/bookings/new/", {"staff": salon.staff[0].pk})

    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert "Beard trim" in response.content.decode()


def test_creating_a_booking_for_a_client_in_the_base_closes_the_sheet(salon, day, client_card):
    category = create_booking_category(actor=salon.actor(), name="This specialist only")
    create_additional_field(
        actor=salon.actor(), applies_to="booking", key="source", label="Where from"
    )
    data = form_data(
        salon,
        day,
        client_id=client_card.pk,
        services=[salon.services[0].pk, salon.services[2].pk],
        duration_minutes="100",
        color="#42a5f5",
        category_id=category.pk,
        field_source="Instagram",
        comment="Prefers quiet",
    )

    response = browser_as(salon).post("/bookings/new/", data, headers=HTMX)

    assert response.status_code == 204, response.content.decode()
    triggers = htmx_triggers(response)
    assert triggers["close-sheet"] is True and triggers["toast"]["kind"] == "ok"
    booking = Booking.objects.get(pk=triggers["booking-saved"]["id"])
    assert booking.client_id == client_card.pk
    assert booking.start_at == salon.at(day, "10:00")
    assert booking.end_at == salon.at(day, "11:40")
    assert [s.service_id for s in booking.services.all()] == [
        salon.services[0].pk,
        salon.services[2].pk,
    ]
    assert (booking.color, booking.category_id) == ("#42a5f5", category.pk)
    assert booking.field_values == {"source": "Instagram"}
    assert booking.comment == "Prefers quiet"
    assert ChangeEvent.objects.filter(entity="booking", entity_id=booking.pk).exists()


def test_a_new_client_typed_in_the_sheet_is_added_with_the_booking(salon, day):
    data = form_data(
        salon,
        day,
        new_client_phone="(212) 555-0188",
        new_client_name="Grace Hopper",
        new_client_email="Grace@Example.com",
    )

    response = browser_as(salon).post("/bookings/new/", data, headers=HTMX)

    assert response.status_code == 204, response.content.decode()
    client = Client.objects.get(chain=salon.chain, phone="+12125550188")
    assert (client.name, client.email) == ("Grace Hopper", "grace@example.com")
    assert Booking.objects.get(client=client).start_at == salon.at(day, "10:00")


def test_without_htmx_a_saved_booking_returns_to_its_day(salon, day):
    response = browser_as(salon).post("/bookings/new/", form_data(salon, day))

    assert response.status_code == 302
    assert response["Location"] == f"/schedule/?date={day.isoformat()}"


def test_a_taken_time_is_refused_in_the_sheet_and_nothing_is_written(salon, day):
    taken = salon.book(start=salon.at(day, "10:30"))
    data = form_data(salon, day, new_client_phone="+12125550199", new_client_name="Late")

    response = browser_as(salon).post("/bookings/new/", data, headers=HTMX)

    assert response.status_code == 422
    html = response.content.decode()
    assert "already has booking" in html and f"booking {taken.pk}" in html
    assert 'class="alert error"' in html
    assert Booking.objects.count() == 1
    assert not Client.objects.filter(phone="+12125550199").exists()
    # What was typed is still there, to fix and send again.
    assert 'name="new_client_phone" value="+12125550199"' in html


def test_outside_working_hours_is_refused_unless_the_role_may_override(salon, day):
    late = form_data(salon, day, time="19:00")

    refused = browser_as(salon, "specialist").post("/bookings/new/", late, headers=HTMX)
    assert refused.status_code == 422
    assert "outside" in refused.content.decode()
    assert "Book outside working hours" not in refused.content.decode()

    allowed = browser_as(salon).post(
        "/bookings/new/", {**late, "override_hours": "on"}, headers=HTMX
    )
    assert allowed.status_code == 204, allowed.content.decode()
    assert Booking.objects.get().outside_hours is True


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"services": []}, "services", "Choose at least one service"),
        ({"date": "31.02.2026"}, "date", "Enter a valid date"),
        ({"duration_minutes": "2"}, "duration_minutes", "greater than or equal to 5"),
        ({"new_client_phone": "12"}, "new_client_phone", "not a valid phone number"),
        ({"color": "#123456"}, "color", "Select a valid choice"),
    ],
)
def test_bad_input_re_shows_the_sheet_with_the_message(salon, day, changes, field, message):
    response = browser_as(salon).post(
        "/bookings/new/", form_data(salon, day, **changes), headers=HTMX
    )

    assert response.status_code == 422
    assert message in response.content.decode()
    assert Booking.objects.count() == 0
    assert Client.objects.count() == 0


def test_a_required_additional_field_left_empty_is_named(salon, day):
    create_additional_field(
        actor=salon.actor(), applies_to="booking", key="allergy", label="Allergies", required=True
    )

    response = browser_as(salon).post("/bookings/new/", form_data(salon, day), headers=HTMX)

    assert response.status_code == 422
    assert "Allergies is required" in response.content.decode()
    assert Booking.objects.count() == 0


def test_opening_a_booking_shows_its_client_status_and_actions(salon, day, client_card):
    booking = salon.book(start=salon.at(day, "10:00"), client_id=client_card.pk)

    html = browser_as(salon).get(f"/bookings/{booking.pk}/", headers=HTMX).content.decode()

    assert "Ada Lovelace" in html and "+1 212-555-0123" in html
    for label in ("Expected", "Arrived", "No show", "Confirmed"):
        assert f">{label}<" in html
    assert pressed_status(html) == "expected"
    assert 'data-action="delete-booking"' in html
    assert ">Save<" in html


def test_the_specialist_sees_no_delete_button_and_may_not_delete(salon, day):
    booking = salon.book(start=salon.at(day, "10:00"))
    browser = browser_as(salon, "specialist")

    assert (
        'data-action="delete-booking"'
        not in browser.get(f"/bookings/{booking.pk}/", headers=HTMX).content.decode()
    )
    response = browser.post(f"/bookings/{booking.pk}/delete/", headers=HTMX)

    assert response.status_code == 403
    booking.refresh_from_db()
    assert booking.deleted_at is None


def test_editing_keeps_the_prices_of_services_left_in_the_booking(salon, day):
    booking = salon.book(start=salon.at(day, "10:00"))
    update_booking(
        actor=salon.actor(),
        booking_id=booking.pk,
        services=[ServiceRequest(service_id=salon.services[0].pk, price=Decimal("33.00"))],
    )
    booking.refresh_from_db()
    data = form_data(
        salon,
        day,
        comment="Bring photos",
        services=[salon.services[0].pk, salon.services[2].pk],
        duration_minutes="90",
        version=booking.version,
    )

    response = browser_as(salon).post(f"/bookings/{booking.pk}/", data, headers=HTMX)

    assert response.status_code == 204, response.content.decode()
    booking.refresh_from_db()
    prices = {s.service_id: s.price for s in BookingService.objects.filter(booking=booking)}
    haircut, beard_trim = salon.services[0].pk, salon.services[2].pk
    assert prices == {haircut: Decimal("33.00"), beard_trim: Decimal("15.00")}
    assert booking.comment == "Bring photos"
    assert booking.end_at - booking.start_at == timedelta(minutes=90)


def test_rescheduling_in_the_sheet_moves_the_booking_to_another_staff_and_time(salon, day):
    booking = salon.book(start=salon.at(day, "10:00"))
    data = form_data(
        salon,
        day + timedelta(days=1),
        staff_id=salon.staff[1].pk,
        time="15:30",
        version=booking.version,
    )

    response = browser_as(salon).post(f"/bookings/{booking.pk}/", data, headers=HTMX)

    assert response.status_code == 204, response.content.decode()
    booking.refresh_from_db()
    assert booking.staff_id == salon.staff[1].pk
    assert booking.start_at == salon.at(day + timedelta(days=1), "15:30")
    assert booking.end_at == salon.at(day + timedelta(days=1), "16:30")


def test_an_edit_over_someone_elses_change_is_refused(salon, day):
    booking = salon.book(start=salon.at(day, "10:00"))
    stale = booking.version
    update_booking(actor=salon.actor(), booking_id=booking.pk, comment="changed elsewhere")

    response = browser_as(salon).post(
        f"/bookings/{booking.pk}/",
        form_data(salon, day, comment="mine", version=stale),
        headers=HTMX,
    )

    assert response.status_code == 422
    assert "changed by someone else" in response.content.decode()
    booking.refresh_from_db()
    assert booking.comment == "changed elsewhere"


def test_the_status_buttons_set_the_visit_status(salon, day):
    booking = salon.book(start=salon.at(day, "10:00"))

    response = browser_as(salon).post(
        f"/bookings/{booking.pk}/status/", {"status": "arrived"}, headers=HTMX
    )

    assert response.status_code == 200
    assert htmx_triggers(response)["booking-saved"] == {"id": booking.pk}
    booking.refresh_from_db()
    assert booking.status == "arrived"
    html = response.content.decode()
    assert pressed_status(html) == "arrived"


def test_an_unknown_status_is_refused_with_a_message(salon, day):
    booking = salon.book(start=salon.at(day, "10:00"))

    response = browser_as(salon).post(
        f"/bookings/{booking.pk}/status/", {"status": "gone"}, headers=HTMX
    )

    assert response.status_code == 422
    assert response["HX-Reswap"] == "none"
    assert "Use one of" in htmx_triggers(response)["toast"]["message"]
    booking.refresh_from_db()
    assert booking.status == "expected"


def test_deleting_soft_deletes_the_booking_and_closes_the_sheet(salon, day):
    booking = salon.book(start=salon.at(day, "10:00"))

    response = browser_as(salon).post(f"/bookings/{booking.pk}/delete/", headers=HTMX)

    assert response.status_code == 204
    assert htmx_triggers(response)["close-sheet"] is True
    booking.refresh_from_db()
    assert booking.deleted_at is not None
    html = browser_as(salon).get(f"/bookings/{booking.pk}/", headers=HTMX).content.decode()
    assert "This booking was deleted" in html and ">Save<" not in html


def test_the_delete_button_asks_for_confirmation_first(salon, day):
    booking = salon.book(start=salon.at(day, "10:00"))

    html = browser_as(salon).get(f"/bookings/{booking.pk}/", headers=HTMX).content.decode()

    assert 'hx-confirm="Delete this booking?"' in html


def test_another_chains_booking_is_not_found(salon, day):
    other = make_salon(name="Other")
    theirs = other.book(start=other.at(day, "10:00"))
    browser = browser_as(salon)

    assert browser.get(f"/bookings/{theirs.pk}/", headers=HTMX).status_code == 404
    assert browser.post(f"/bookings/{theirs.pk}/delete/", headers=HTMX).status_code == 404
    theirs.refresh_from_db()
    assert theirs.deleted_at is None


def test_changing_the_staff_member_redraws_their_services(salon):
    response = browser_as(salon).get(
        "/bookings/form/services/",
        {"staff_id": salon.staff[1].pk, "services": [salon.services[1].pk]},
        headers=HTMX,
    )

    html = response.content.decode()
    assert 'id="services-field"' in html
    assert "Beard trim" not in html
    assert f'value="{salon.services[1].pk}" data-duration="90"\n                 checked' in html


def test_an_edit_keeps_the_values_of_additional_fields_since_deactivated(salon, day):
    field = create_additional_field(
        actor=salon.actor(), applies_to="booking", key="source", label="Where from"
    )
    booking = salon.book(start=salon.at(day, "10:00"), field_values={"source": "Instagram"})
    update_additional_field(actor=salon.actor(), field_id=field.pk, is_active=False)

    response = browser_as(salon).post(
        f"/bookings/{booking.pk}/",
        form_data(salon, day, comment="Only the comment", version=booking.version),
        headers=HTMX,
    )

    assert response.status_code == 204, response.content.decode()
    booking.refresh_from_db()
    assert booking.comment == "Only the comment"
    assert booking.field_values == {"source": "Instagram"}


def test_a_withdrawn_service_stays_in_the_booking_when_another_is_added(salon, day):
    booking = salon.book(start=salon.at(day, "10:00"), service=salon.services[2])
    update_service(actor=salon.actor(), service_id=salon.services[2].pk, is_active=False)
    browser = browser_as(salon)

    sheet = browser.get(f"/bookings/{booking.pk}/", headers=HTMX).content.decode()
    assert "Beard trim" in sheet  # still offered, ticked, in this booking's sheet
    response = browser.post(
        f"/bookings/{booking.pk}/",
        form_data(
            salon,
            day,
            services=[salon.services[2].pk, salon.services[0].pk],
            duration_minutes="90",
            version=booking.version,
        ),
        headers=HTMX,
    )

    assert response.status_code == 204, response.content.decode()
    names = [s.service.name for s in BookingService.objects.filter(booking=booking)]
    assert names == ["Beard trim", "Haircut"]


def test_editing_a_dismissed_staff_members_booking_keeps_it_with_them(salon, day):
    booking = salon.book(start=salon.at(day, "10:00"))
    update_staff_member(actor=salon.actor(), staff_id=salon.staff[0].pk, is_active=False)
    browser = browser_as(salon)

    sheet = browser.get(f"/bookings/{booking.pk}/", headers=HTMX).content.decode()
    assert f'value="{salon.staff[0].pk}" selected' in sheet
    response = browser.post(
        f"/bookings/{booking.pk}/",
        form_data(salon, day, comment="noted", version=booking.version),
        headers=HTMX,
    )

    assert response.status_code == 204, response.content.decode()
    booking.refresh_from_db()
    assert (booking.staff_id, booking.comment) == (salon.staff[0].pk, "noted")


def test_without_htmx_a_moved_booking_returns_to_its_new_day(salon, day):
    booking = salon.book(start=salon.at(day, "10:00"))
    later = day + timedelta(days=2)

    response = browser_as(salon).post(
        f"/bookings/{booking.pk}/", form_data(salon, later, version=booking.version)
    )

    assert response.status_code == 302
    assert response["Location"] == f"/schedule/?date={later.isoformat()}"


def test_a_day_beyond_the_calendar_is_refused_not_a_server_error(salon, api):
    browser = browser_as(salon)

    assert browser.get("/schedule/", {"date": "9999-12-31", "view": "week"}).status_code == 200
    response = browser.post(
        "/bookings/new/", form_data(salon, date(9999, 12, 31), time="23:30"), headers=HTMX
    )
    assert response.status_code == 422
    assert Booking.objects.count() == 0
    schedule = api.get("/schedule", location_id=salon.location.pk, date="9999-12-31")
    assert schedule.status_code == 422
    assert "date" in schedule.json()["errors"]


def test_who_may_not_edit_sees_the_booking_but_cannot_change_it(salon, day):
    role = Role.objects.get(chain=salon.chain, key="specialist")
    role.permissions = [p for p in role.permissions if p != "bookings.edit"]
    role.save()
    booking = salon.book(start=salon.at(day, "10:00"))

    html = browser_as(salon, "specialist").get(f"/bookings/{booking.pk}/", headers=HTMX)

    html = html.content.decode()
    assert '<fieldset class="plain" disabled>' in html
    assert ">Save<" not in html


def test_the_open_sheet_carries_the_version_the_schedule_compares_live_changes_with(salon, day):
    booking = salon.book(start=salon.at(day, "10:00"))

    html = browser_as(salon).get(f"/bookings/{booking.pk}/", headers=HTMX).content.decode()

    assert f'data-booking-id="{booking.pk}" data-version="{booking.version}"' in html
