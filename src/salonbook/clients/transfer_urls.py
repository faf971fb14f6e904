"""Importing clients from a file and exporting the base, under /clients/ (namespace "clients")."""

from __future__ import annotations

from django.urls import URLPattern, path

from salonbook.clients import transfer_views

urlpatterns: list[URLPattern] = [
    path("import/", transfer_views.import_start, name="import"),
    path("import/<int:import_id>/", transfer_views.import_detail, name="import_detail"),
    path("import/<int:import_id>/cancel/", transfer_views.import_cancel, name="import_cancel"),
    path(
        "import/<int:import_id>/rejected.csv",
        transfer_views.import_rejected,
        name="import_rejected",
    ),
    path("export/", transfer_views.export, name="export"),
]
