from django.urls import path

from salonbook.clients import file_urls, transfer_urls, views

app_name = "clients"

urlpatterns = [
    path("picker/", views.picker, name="picker"),
    path("picker/new/", views.new_client, name="new"),
    path("picker/<int:client_id>/", views.pick, name="pick"),
    *file_urls.urlpatterns,
    *transfer_urls.urlpatterns,
]
