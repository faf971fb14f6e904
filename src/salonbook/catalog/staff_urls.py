"""The staff card's services page, under /settings/staff/: the root URL conf adds these
patterns to the "staff" namespace, beside staff.urls (so templates keep `staff:services`)."""

from django.urls import path

from salonbook.catalog import staff_views

urlpatterns = [
    path("<int:staff_id>/services/", staff_views.staff_services_page, name="services"),
]
