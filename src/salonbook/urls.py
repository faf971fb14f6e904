"""The URL conf: every app's pages and the API, assembled here.

Each app contributes its own URL modules; this is the one place that knows them all, so the
shell (web) imports no app. Everything under /settings/ is mounted below, next to the hub.
"""

from django.contrib import admin
from django.urls import include, path

from salonbook.api import api
from salonbook.bookings.views import schedule_page
from salonbook.sync.stream import change_stream
from salonbook.web.settings_views import settings_index

settings_patterns = [
    path("", settings_index, name="settings"),
    path("staff/", include("salonbook.staff.urls")),
    path("services/", include("salonbook.catalog.urls")),
    path("products/", include("salonbook.catalog.product_urls")),
    path("stock/", include("salonbook.inventory.urls")),
    path("hours/", include("salonbook.scheduling.urls")),
    path("loyalty/", include("salonbook.loyalty.urls")),
    path("payments/", include("salonbook.checkout.settings_urls")),
    path("booking-categories/", include("salonbook.bookings.settings_urls")),
    # fields/ and client-base/
    path("", include("salonbook.clients.settings_urls")),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before the API's own routes: a streaming response, outside django-ninja.
    path("api/v1/stream", change_stream, name="change-stream"),
    path("api/v1/", api.urls),
    path("schedule/", schedule_page, name="schedule"),
    path("bookings/", include("salonbook.bookings.urls")),
    path("clients/", include("salonbook.clients.urls")),
    path("visits/", include("salonbook.checkout.urls")),
    path("settings/", include(settings_patterns)),
    path("", include("salonbook.web.urls")),
]
