"""Membership and gift card settings pages, under /settings/loyalty/."""

from django.urls import path

from salonbook.loyalty import views

app_name = "loyalty"

urlpatterns = [
    path("", views.type_list, name="list"),
    path("new/", views.type_new, name="new"),
    path("<int:type_id>/", views.type_edit, name="edit"),
]
