"""Booking category settings pages, under /settings/booking-categories/ (the root URL conf
mounts them there)."""

from django.urls import path

from salonbook.bookings import settings_views

app_name = "booking-categories"

urlpatterns = [
    path("", settings_views.category_list, name="list"),
    path("<int:category_id>/", settings_views.category_edit, name="edit"),
    path("<int:category_id>/delete/", settings_views.category_delete, name="delete"),
]
