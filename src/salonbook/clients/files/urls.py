"""The files on a client's card, under /clients/ (namespace "clients")."""

from __future__ import annotations

from django.urls import URLPattern, path

from salonbook.clients.files import views

urlpatterns: list[URLPattern] = [
    path("<int:client_id>/files/", views.client_files, name="files"),
    path("<int:client_id>/files/<int:file_id>/", views.download_file, name="file_download"),
    path(
        "<int:client_id>/files/<int:file_id>/delete/",
        views.delete_file,
        name="file_delete",
    ),
]
