"""Creating, editing, rescheduling and deleting bookings through the API, and the refusals."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from salonbook.bookings.models import Booking
from salonbook.clients.models import Client
from salonbook.sync.models import ChangeEvent
from tests.salon import make_salon, next_weekday

pytestmark = pytest.mark.django_db


def booking_body(salon, day, hh_mm="10:00", staff=None, service=None, **extra):
    return {
        "location_id": salon.location.pk,
        "staff_id": (staff or salon.staff[0]).pk,
        "start": salon.at(day, hh_mm).isoformat(),
        "services": [{"service_id": (service or salon.services[0]).pk}],
        **extra,
    }


@pytest.fixture
def day():
    return next_weekday(1)  # a Tuesday ahead


def test_booking_takes_duration_and_price_from_the_staff_members_services(salon, api, day):
    response = api.post("/bookings", booking_body(salon, day, "10:00", service=salon.services[1]))

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "expected"
    assert data["duration_minutes"] == 90
    assert datetime.fromisoformat(data["end"]) == salon.at(day, "11:30")
    assert data["total"] == "85.50"
    assert response["ETag"] == '"1"'


def test_duration_and_price_can_be_overridden(salon, api, day):
    body = booking_body(salon, day, "10:00")
    body["services"] = [
        {
            "service_id": salon.services[0].pk,
            "price": "35.00",
            "duration_minutes": 45,
            "quantity": 2,
        }
    ]
    data = api.post("/bookings", body).json()

    assert data["duration_minutes"] == 45
    assert data["services"][0]["amount"] == "70.00"

    body = booking_body(salon, day, "14:00", end=salon.at(day, "16:00").isoformat())
    assert api.post("/bookings", body).json()["duration_minutes"] == 120


def test_naive_start_is_read_in_the_locations_time_zone(salon, api, day):
    body = booking_body(salon, day)
    body["start"] = f"{day.isoformat()}T10:00:00"
    data = api.post("/bookings", body).json()

    assert datetime.fromisoformat(data["start"]) == salon.at(day, "10:00")


def test_a_new_client_given_by_phone_gets_a_card_and_is_found_next_time(salon, api, day):
    new_client = {"phone": "(212) 555-0142", "name": "Maria Lopez", "email": "maria@example.com"}
    first = api.post("/bookings", booking_body(salon, day, "10:00", new_client=new_client))
    second = api.post("/bookings", booking_body(salon, day, "12:00", new_client=new_client))

    assert first.status_code == second.status_code == 201
    assert first.json()["client"]["id"] == second.json()["client"]["id"]
    client = Client.objects.get(pk=first.json()["client"]["id"])
    assert (client.phone, client.name) == ("+12125550142", "Maria Lopez")


def test_category_color_comment_and_additional_fields_are_kept(salon, api, day):
    category = api.post("/booking-categories", {"name": "This specialist only"}).json()
    api.post(
        "/additional-fields",
        {"applies_to": "booking", "key": "allergies", "label": "Allergies", "kind": "text"},
    )
    body = booking_body(
        salon,
        day,
        category_id=category["id"],
        color="#ff8800",
        comment="Prefers quiet",
        field_values={"allergies": "latex"},
    )
    data = api.post("/bookings", body).json()

    assert data["category"]["name"] == "This specialist only"
    assert (data["color"], data["comment"]) == ("#ff8800", "Prefers quiet")
    assert data["field_values"] == {"allergies": "latex"}


def test_required_additional_field_must_be_filled(salon, api, day):
    api.post(
        "/additional-fields",
        {
            "applies_to": "booking",
            "key": "source",
            "label": "Source",
            "kind": "choice",
            "choices": ["Instagram", "Walk-in"],
            "required": True,
        },
    )

    missing = api.post("/bookings", booking_body(salon, day))
    wrong = api.post("/bookings", booking_body(salon, day, field_values={"source": "TV"}))

    assert missing.status_code == wrong.status_code == 422
    assert "field_values.source" in missing.json()["errors"]
    assert Booking.objects.count() == 0


def test_overlapping_booking_is_refused_with_the_conflict_named(salon, api, day):
    first = api.post("/bookings", booking_body(salon, day, "10:00")).json()

    response = api.post("/bookings", booking_body(salon, day, "10:30"))

    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["conflicting_booking_id"] == first["id"]
    assert "Stylist 1" in problem["detail"] and "10:00" in problem["detail"]
    assert Booking.objects.count() == 1


def test_back_to_back_bookings_and_other_staff_at_the_same_time_are_fine(salon, api, day):
    assert api.post("/bookings", booking_body(salon, day, "10:00")).status_code == 201
    assert api.post("/bookings", booking_body(salon, day, "11:00")).status_code == 201
    other = booking_body(salon, day, "10:00", staff=salon.staff[1])
    assert api.post("/bookings", other).status_code == 201


def test_outside_working_hours_is_refused_unless_overridden_with_the_right(salon, login_as, day):
    late = booking_body(salon, day, "17:30")  # a 60-minute haircut past the 18:00 close

    refused = login_as("owner").post("/bookings", late)
    assert refused.status_code == 422
    assert "working hours" in refused.json()["errors"]["start"][0]

    specialist = login_as("specialist").post("/bookings", {**late, "override_hours": True})
    assert specialist.status_code == 403

    allowed = login_as("owner").post("/bookings", {**late, "override_hours": True})
    assert allowed.status_code == 201
    assert allowed.json()["outside_hours"] is True


def test_booking_on_a_day_off_is_refused(salon, api, day):
    api.put(f"/staff/{salon.staff[0].pk}/days/{day.isoformat()}", {"is_day_off": True})

    response = api.post("/bookings", booking_body(salon, day))

    assert response.status_code == 422
    assert "off" in response.json()["errors"]["start"][0]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"staff_id": 999999}, "staff_id"),
        ({"location_id": 999999}, "location_id"),
        ({"services": [{"service_id": 999999}]}, "services.0.service_id"),
        ({"client_id": 999999}, "client_id"),
        ({"category_id": 999999}, "category_id"),
        ({"start": "24.11.2026 10:00"}, "start"),
        ({"services": []}, "services"),
        ({"new_client": {"phone": "12"}}, "new_client.phone"),
        ({"color": "orange"}, "color"),
        ({"status": "cancelled"}, "status"),
    ],
)
def test_bad_input_gets_422_with_the_field_named_and_writes_nothing(salon, api, day, change, field):
    before = (Booking.objects.count(), Client.objects.count(), ChangeEvent.objects.count())

    response = api.post("/bookings", {**booking_body(salon, day), **change})

    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]
    assert (Booking.objects.count(), Client.objects.count(), ChangeEvent.objects.count()) == before


def test_a_service_the_staff_member_does_not_perform_is_refused(salon, api, day):
    beard_trim = salon.services[2]  # only the first stylist does it
    response = api.post(
        "/bookings", booking_body(salon, day, staff=salon.staff[1], service=beard_trim)
    )

    assert response.status_code == 422
    assert "does not perform" in response.json()["errors"]["services.0.service_id"][0]


def test_end_before_start_is_refused(salon, api, day):
    body = booking_body(salon, day, "10:00", end=salon.at(day, "09:00").isoformat())
    response = api.post("/bookings", body)

    assert response.status_code == 422
    assert "end" in response.json()["errors"]


def test_reschedule_keeps_the_duration_and_refuses_a_taken_time(salon, api, day):
    booking = api.post("/bookings", booking_body(salon, day, "10:00")).json()
    api.post("/bookings", booking_body(salon, day, "15:00"))

    moved = api.patch(f"/bookings/{booking['id']}", {"start": salon.at(day, "12:00").isoformat()})
    assert moved.status_code == 200
    assert datetime.fromisoformat(moved.json()["end"]) == salon.at(day, "13:00")
    assert moved.json()["version"] == 2

    clash = api.patch(f"/bookings/{booking['id']}", {"start": salon.at(day, "14:30").isoformat()})
    assert clash.status_code == 409
    assert api.get(f"/bookings/{booking['id']}").json()["start"] == moved.json()["start"]


def test_reschedule_to_another_staff_member_and_resize(salon, api, day):
    booking = api.post("/bookings", booking_body(salon, day, "10:00")).json()

    moved = api.patch(
        f"/bookings/{booking['id']}", {"staff_id": salon.staff[1].pk, "duration_minutes": 75}
    )

    assert moved.status_code == 200
    assert moved.json()["staff_id"] == salon.staff[1].pk
    assert moved.json()["duration_minutes"] == 75


def test_moving_a_booking_onto_itself_is_not_a_conflict(salon, api, day):
    booking = api.post("/bookings", booking_body(salon, day, "10:00")).json()

    response = api.patch(
        f"/bookings/{booking['id']}", {"start": salon.at(day, "10:30").isoformat()}
    )

    assert response.status_code == 200


def test_stale_if_match_gets_412_and_changes_nothing(salon, api, day):
    booking = api.post("/bookings", booking_body(salon, day, "10:00")).json()
    api.patch(f"/bookings/{booking['id']}", {"comment": "first edit"})

    stale = api.patch(
        f"/bookings/{booking['id']}", {"comment": "second edit"}, headers={"If-Match": '"1"'}
    )
    fresh = api.patch(
        f"/bookings/{booking['id']}", {"comment": "third edit"}, headers={"If-Match": '"2"'}
    )

    assert stale.status_code == 412
    assert stale.json()["current_version"] == 2
    assert fresh.status_code == 200
    assert fresh["ETag"] == '"3"'
    assert fresh.json()["comment"] == "third edit"


def test_status_changes_and_no_show_frees_the_time(salon, api, day):
    booking = api.post("/bookings", booking_body(salon, day, "10:00")).json()
    for status in ("confirmed", "arrived", "no_show"):
        response = api.post(f"/bookings/{booking['id']}/status", {"status": status})
        assert response.json()["status"] == status

    walk_in = api.post("/bookings", booking_body(salon, day, "10:00"))
    assert walk_in.status_code == 201

    back = api.post(f"/bookings/{booking['id']}/status", {"status": "arrived"})
    assert back.status_code == 409


def test_delete_is_soft_and_frees_the_time(salon, api, day):
    booking = api.post("/bookings", booking_body(salon, day, "10:00")).json()

    assert api.delete(f"/bookings/{booking['id']}").status_code == 204

    assert api.get(f"/bookings/{booking['id']}").json()["deleted"] is True
    assert Booking.objects.filter(pk=booking["id"]).exists()
    assert api.post("/bookings", booking_body(salon, day, "10:00")).status_code == 201
    assert api.delete(f"/bookings/{booking['id']}").status_code == 404


def test_specialist_may_create_and_edit_but_not_delete(salon, login_as, day):
    specialist = login_as("specialist")
    booking = specialist.post("/bookings", booking_body(salon, day)).json()

    assert specialist.patch(f"/bookings/{booking['id']}", {"comment": "ok"}).status_code == 200
    refused = specialist.delete(f"/bookings/{booking['id']}")
    assert refused.status_code == 403
    assert refused.json()["title"] == "Not allowed"
    assert Booking.objects.get(pk=booking["id"]).deleted_at is None


def test_another_chains_booking_is_not_found(salon, login_as, day):
    booking = login_as("owner").post("/bookings", booking_body(salon, day)).json()
    other = make_salon(name="Elsewhere")
    outsider = login_as("owner", of=other)

    assert outsider.get(f"/bookings/{booking['id']}").status_code == 404
    assert outsider.patch(f"/bookings/{booking['id']}", {"comment": "x"}).status_code == 404
    assert outsider.delete(f"/bookings/{booking['id']}").status_code == 404
    # Nor can they book into our salon's staff or location.
    response = outsider.post("/bookings", booking_body(salon, day, "12:00"))
    assert response.status_code == 422
    assert Booking.objects.filter(chain=other.chain).count() == 0


def test_idempotency_key_retries_return_the_first_answer(salon, api, day):
    headers = {"Idempotency-Key": "booking-abc-1"}
    first = api.post("/bookings", booking_body(salon, day), headers=headers)
    retry = api.post("/bookings", booking_body(salon, day), headers=headers)

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert Booking.objects.count() == 1


def test_idempotency_key_reused_for_another_request_is_refused(salon, api, day):
    headers = {"Idempotency-Key": "booking-abc-2"}
    api.post("/bookings", booking_body(salon, day, "10:00"), headers=headers)

    response = api.post("/bookings", booking_body(salon, day, "12:00"), headers=headers)

    assert response.status_code == 422
    assert Booking.objects.count() == 1


def test_a_failed_request_does_not_burn_its_idempotency_key(salon, api, day):
    headers = {"Idempotency-Key": "booking-abc-3"}
    api.post("/bookings", booking_body(salon, day, "10:00"))
    clash = api.post("/bookings", booking_body(salon, day, "10:00"), headers=headers)
    assert clash.status_code == 409

    retry = api.post("/bookings", booking_body(salon, day, "12:00"), headers=headers)
    assert retry.status_code == 201


def test_every_booking_write_lands_in_the_change_feed(salon, api, day):
    cursor = api.get("/changes").json()["next"]
    booking = api.post("/bookings", booking_body(salon, day)).json()
    api.patch(f"/bookings/{booking['id']}", {"start": salon.at(day, "12:00").isoformat()})
    api.delete(f"/bookings/{booking['id']}")

    feed = api.get("/changes", after=cursor).json()

    assert [(c["entity"], c["id"], c["action"], c["version"]) for c in feed["changes"]] == [
        ("booking", booking["id"], "created", 1),
        ("booking", booking["id"], "rescheduled", 2),
        ("booking", booking["id"], "deleted", 3),
    ]
    assert feed["next"] == feed["changes"][-1]["cursor"]
    assert api.get("/changes", after=feed["next"]).json()["changes"] == []


def test_change_feed_is_per_chain(salon, login_as, day):
    other = make_salon(name="Elsewhere")
    login_as("owner").post("/bookings", booking_body(salon, day))

    theirs = login_as("owner", of=other).get("/changes").json()["changes"]

    assert all(c["entity"] != "booking" for c in theirs)


def test_booking_window_spans_at_most_a_day(salon, api, day):
    body = booking_body(
        salon,
        day,
        "10:00",
        end=(salon.at(day, "10:00") + timedelta(hours=30)).isoformat(),
        override_hours=True,
    )
    assert api.post("/bookings", body).status_code == 422


def test_changing_the_services_keeps_the_terms_of_those_already_booked(salon, api, day):
    body = booking_body(salon, day, "10:00")
    body["services"] = [{"service_id": salon.services[0].pk, "price": "33.00", "quantity": 2}]
    booking = api.post("/bookings", body).json()

    patch = {
        "services": [{"service_id": salon.services[0].pk}, {"service_id": salon.services[2].pk}]
    }
    data = api.patch(f"/bookings/{booking['id']}", patch).json()

    lines = {line["name"]: line for line in data["services"]}
    assert (lines["Haircut"]["price"], lines["Haircut"]["quantity"]) == ("33.00", 2)
    assert (lines["Beard trim"]["price"], lines["Beard trim"]["quantity"]) == ("15.00", 1)
