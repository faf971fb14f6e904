"""Importing clients from a file and exporting the base, under /clients/ (namespace "clients")."""

from __future__ import annotations

from django.urls import URLPattern, path

from salonbook.clients.transfer import views

urlpatterns: list[URLPattern] = [
    path("import/", views.import_start, name="import"),
    path("import/<int:import_id>/", views.import_detail, name="import_detail"),
    path("import/<int:import_id>/cancel/", views.import_cancel, name="import_cancel"),
    path(
        "import/<int:import_id>/rejected.csv",
        views.import_rejected,
        name="import_rejected",
    ),
    path("export/", views.export, name="export"),
]
