from django.urls import path

from salonbook.bookings import views

app_name = "bookings"

urlpatterns = [
    path("new/", views.booking_new, name="new"),
    path("form/services/", views.services_field, name="services-field"),
    path("<int:booking_id>/", views.booking_detail, name="detail"),
    path("<int:booking_id>/status/", views.booking_status, name="status"),
    path("<int:booking_id>/delete/", views.booking_delete, name="delete"),
]
