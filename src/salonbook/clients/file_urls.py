"""The files on a client's card, under /clients/ (namespace "clients")."""

from __future__ import annotations

from django.urls import URLPattern, path

from salonbook.clients import file_views

urlpatterns: list[URLPattern] = [
    path("<int:client_id>/files/", file_views.client_files, name="files"),
    path("<int:client_id>/files/<int:file_id>/", file_views.download_file, name="file_download"),
    path(
        "<int:client_id>/files/<int:file_id>/delete/",
        file_views.delete_file,
        name="file_delete",
    ),
]
