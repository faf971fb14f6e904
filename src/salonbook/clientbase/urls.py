"""Everything under /clients/ (namespace "clients"): the Clients tab and the card page, which
live here, and the client app's own pages (clients.urls: a new card, delete, the picker, files,
import and export). Assembled here, above both apps, so that templates and tests keep one
namespace for the client base."""

from django.urls import path

from salonbook.clientbase import views
from salonbook.clients import urls as clients_urls

app_name = "clients"

urlpatterns = [
    path("", views.client_list, name="list"),
    path("<int:client_id>/", views.client_card, name="card"),
    path("<int:client_id>/history/", views.client_history, name="history"),
    path("<int:client_id>/loyalty/", views.client_loyalty, name="loyalty"),
    *clients_urls.urlpatterns,
]
