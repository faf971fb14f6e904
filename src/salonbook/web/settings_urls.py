"""Everything under /settings/: the hub, then each app's settings pages."""

from django.urls import include, path

from salonbook.web.settings_views import settings_index

urlpatterns = [
    path("", settings_index, name="settings"),
    path("staff/", include("salonbook.staff.urls")),
    path("services/", include("salonbook.catalog.urls")),
    path("hours/", include("salonbook.scheduling.urls")),
]
