"""Staff settings pages, under /settings/staff/. The root URL conf adds the card's services page
(catalog.staff_urls) to this "staff" namespace."""

from django.urls import path

from salonbook.staff import views

app_name = "staff"

urlpatterns = [
    path("", views.staff_list, name="list"),
    path("new/", views.staff_new, name="new"),
    path("<int:staff_id>/", views.staff_edit, name="edit"),
    path("positions/new/", views.position_new, name="position-new"),
    path("positions/<int:position_id>/", views.position_edit, name="position-edit"),
]
