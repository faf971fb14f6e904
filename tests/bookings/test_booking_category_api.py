"""Renaming, recolouring and deleting booking categories through the API."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from salonbook.bookings.models import BookingCategory
from tests.helpers_api import not_allowed, not_found, refused_for_field
from tests.salon import make_salon, next_weekday

pytestmark = pytest.mark.django_db


def test_a_category_is_renamed_and_recoloured(salon, api):
    created = api.post("/booking-categories", {"name": "VIP", "color": "#ffffff"}).json()

    response = api.patch(f"/booking-categories/{created['id']}", {"color": "#000000"})

    assert response.status_code == 200, response.content
    assert response.json() == {"id": created["id"], "name": "VIP", "color": "#000000"}


def test_a_rename_onto_another_categorys_name_is_refused(salon, api):
    api.post("/booking-categories", {"name": "VIP"})
    other = api.post("/booking-categories", {"name": "New"}).json()

    refused_for_field(api.patch(f"/booking-categories/{other['id']}", {"name": "vip"}), "name")


def test_deleting_a_category_keeps_its_bookings(salon, api):
    created = api.post("/booking-categories", {"name": "VIP"}).json()
    day = next_weekday(1, after=date.today() + timedelta(days=7))
    booking = salon.book(start=salon.at(day, "10:00"), category_id=created["id"])

    response = api.delete(f"/booking-categories/{created['id']}")

    assert response.status_code == 204
    booking.refresh_from_db()
    assert booking.category_id is None
    assert api.get(f"/bookings/{booking.pk}").json()["category"] is None


def test_a_specialist_may_not_change_or_delete_categories(salon, api, login_as):
    created = api.post("/booking-categories", {"name": "VIP"}).json()
    specialist = login_as("specialist")

    not_allowed(specialist.patch(f"/booking-categories/{created['id']}", {"name": "Mine"}))
    not_allowed(specialist.delete(f"/booking-categories/{created['id']}"))
    assert BookingCategory.objects.get().name == "VIP"


def test_another_chains_category_is_not_found(salon, api, login_as):
    theirs = login_as("owner", of=make_salon(name="Elsewhere"))
    created = theirs.post("/booking-categories", {"name": "Theirs"}).json()

    not_found(api.patch(f"/booking-categories/{created['id']}", {"name": "Mine"}))
    not_found(api.delete(f"/booking-categories/{created['id']}"))
