"""Booking categories in the settings: list, create, rename or recolour, delete (the bookings
stay, uncategorised); only for people who manage the salon's settings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from salonbook.bookings.models import Booking, BookingCategory
from salonbook.bookings.services import create_booking_category
from tests.pages import browser_as
from tests.salon import make_salon, next_weekday
from tests.settings_pages import (
    event_count,
    events,
    forbidden,
    main_of,
    not_found,
    refused_form,
    said,
)

pytestmark = pytest.mark.django_db


def category(salon, name="First visit", color="#66bb6a"):
    return create_booking_category(actor=salon.actor(), name=name, color=color)


def test_categories_are_listed_with_how_many_bookings_carry_them(salon):
    first = category(salon)
    category(salon, "VIP", "")
    day = next_weekday(1, after=date.today() + timedelta(days=7))
    salon.book(start=salon.at(day, "10:00"), category_id=first.pk)
    salon.book(start=salon.at(day, "12:00"), category_id=first.pk)

    page = main_of(browser_as(salon).get("/settings/booking-categories/"))

    assert "First visit" in page and "2 bookings" in page
    assert "VIP" in page and "0 bookings" in page


def test_a_category_is_created(salon):
    response = browser_as(salon).post(
        "/settings/booking-categories/",
        {"name": "This specialist only", "color": "#ab47bc"},
        follow=True,
    )

    created = BookingCategory.objects.get(chain=salon.chain)
    assert (created.name, created.color) == ("This specialist only", "#ab47bc")
    assert "Category “This specialist only” was created." in said(response)
    assert events(salon, "booking_category") == [("booking_category", created.pk, "created")]


def test_a_category_named_like_another_or_with_a_bad_colour_is_refused(salon):
    category(salon)
    before = event_count(salon)
    owner = browser_as(salon)

    duplicate = refused_form(owner.post("/settings/booking-categories/", {"name": "first VISIT"}))
    bad_colour = refused_form(
        owner.post("/settings/booking-categories/", {"name": "New", "color": "blue"})
    )

    assert "name" in duplicate and "color" in bad_colour
    assert BookingCategory.objects.count() == 1 and event_count(salon) == before


def test_a_category_is_renamed_and_recoloured(salon):
    first = category(salon)

    response = browser_as(salon).post(
        f"/settings/booking-categories/{first.pk}/",
        {"name": "New client", "color": ""},
        follow=True,
    )

    first.refresh_from_db()
    assert (first.name, first.color) == ("New client", "")
    assert "Category “New client” was saved." in said(response)
    assert events(salon, "booking_category")[-1] == ("booking_category", first.pk, "updated")


def test_a_category_cannot_take_the_name_of_another(salon):
    first = category(salon)
    category(salon, "VIP")

    errors = refused_form(
        browser_as(salon).post(f"/settings/booking-categories/{first.pk}/", {"name": "vip"})
    )

    assert "name" in errors
    first.refresh_from_db()
    assert first.name == "First visit"


def test_a_deleted_category_leaves_its_bookings_uncategorised(salon):
    first = category(salon)
    day = next_weekday(2, after=date.today() + timedelta(days=7))
    booking = salon.book(start=salon.at(day, "10:00"), category_id=first.pk)

    response = browser_as(salon).post(
        f"/settings/booking-categories/{first.pk}/delete/", follow=True
    )

    assert not BookingCategory.objects.exists()
    booking.refresh_from_db()
    assert booking.category_id is None and booking.deleted_at is None
    assert Booking.objects.count() == 1
    assert "Its bookings stay, without a category." in " ".join(said(response))
    assert events(salon, "booking_category")[-1] == ("booking_category", first.pk, "deleted")


def test_the_delete_button_asks_first_and_says_how_many_bookings_keep_their_place(salon):
    first = category(salon)
    day = next_weekday(3, after=date.today() + timedelta(days=7))
    salon.book(start=salon.at(day, "10:00"), category_id=first.pk)

    page = main_of(browser_as(salon).get(f"/settings/booking-categories/{first.pk}/"))

    assert "1 booking keeps its place in the calendar" in page
    assert "confirmDialog" in page


def test_a_specialist_has_no_booking_category_settings(salon):
    first = category(salon)
    specialist = browser_as(salon, "specialist")

    forbidden(specialist.get("/settings/booking-categories/"))
    forbidden(specialist.post("/settings/booking-categories/", {"name": "Mine"}))
    forbidden(specialist.post(f"/settings/booking-categories/{first.pk}/", {"name": "Mine"}))
    forbidden(specialist.post(f"/settings/booking-categories/{first.pk}/delete/"))
    assert list(BookingCategory.objects.values_list("name", flat=True)) == ["First visit"]


def test_a_category_of_another_chain_is_not_found(salon):
    theirs = category(make_salon(name="Elsewhere"), "Theirs")
    owner = browser_as(salon)

    not_found(owner.get(f"/settings/booking-categories/{theirs.pk}/"))
    not_found(owner.post(f"/settings/booking-categories/{theirs.pk}/", {"name": "Mine"}))
    not_found(owner.post(f"/settings/booking-categories/{theirs.pk}/delete/"))
    theirs.refresh_from_db()
    assert theirs.name == "Theirs"


def test_deleting_is_only_a_post(salon):
    first = category(salon)

    response = browser_as(salon).get(f"/settings/booking-categories/{first.pk}/delete/")

    assert response.status_code == 405
    assert BookingCategory.objects.filter(pk=first.pk).exists()
