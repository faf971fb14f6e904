from django.urls import path

from salonbook.clients import views

app_name = "clients"

urlpatterns = [
    path("picker/", views.picker, name="picker"),
    path("picker/new/", views.new_client, name="new"),
    path("picker/<int:client_id>/", views.pick, name="pick"),
]
