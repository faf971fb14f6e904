"""The client app's own pages under /clients/: a new card, deleting one, the picker of the
booking form, the files on a card and import/export. salonbook.clientbase.urls adds them to the
Clients tab and the card page under the one namespace "clients"."""

from django.urls import URLPattern, path

from salonbook.clients import views
from salonbook.clients.files import urls as file_urls
from salonbook.clients.transfer import urls as transfer_urls

urlpatterns: list[URLPattern] = [
    path("new/", views.client_new, name="create"),
    path("<int:client_id>/delete/", views.client_delete, name="delete"),
    path("picker/", views.picker, name="picker"),
    path("picker/new/", views.new_client, name="new"),
    path("picker/<int:client_id>/", views.pick, name="pick"),
    *file_urls.urlpatterns,
    *transfer_urls.urlpatterns,
]
