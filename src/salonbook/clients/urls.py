from django.urls import path

from salonbook.clients import views
from salonbook.clients.files import urls as file_urls
from salonbook.clients.transfer import urls as transfer_urls

app_name = "clients"

urlpatterns = [
    path("", views.client_list, name="list"),
    path("new/", views.client_new, name="create"),
    path("<int:client_id>/", views.client_card, name="card"),
    path("<int:client_id>/delete/", views.client_delete, name="delete"),
    path("<int:client_id>/history/", views.client_history, name="history"),
    path("<int:client_id>/loyalty/", views.client_loyalty, name="loyalty"),
    path("picker/", views.picker, name="picker"),
    path("picker/new/", views.new_client, name="new"),
    path("picker/<int:client_id>/", views.pick, name="pick"),
    *file_urls.urlpatterns,
    *transfer_urls.urlpatterns,
]
