"""The URL conf: every app's pages and the API, assembled here.

Each app contributes its own URL modules; this is the one place that knows them all, so the
shell (web) imports no app. Everything under /settings/ is mounted below, next to the hub.
"""

from collections.abc import Sequence
from types import ModuleType

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from salonbook.api import api
from salonbook.catalog import product_urls as product_list_urls
from salonbook.catalog import staff_urls as staff_service_urls
from salonbook.inventory import product_urls as product_card_urls
from salonbook.staff import urls as staff_urls
from salonbook.sync.stream import change_stream
from salonbook.visits.schedule_views import schedule_page
from salonbook.visits.urls import booking_urls, visit_urls
from salonbook.web.settings_views import settings_index


def namespace(
    name: str, *modules: ModuleType
) -> tuple[Sequence[URLResolver | URLPattern], str | None, str | None]:
    """One URL namespace from the patterns of several apps: a page lives in the lowest app that
    holds what it shows, while its URL name stays where templates look for it."""
    patterns = [p for module in modules for p in module.urlpatterns]
    return include((patterns, name))


settings_patterns: list[URLPattern | URLResolver] = [
    path("", settings_index, name="settings"),
    # The staff card's pages; its services page is the catalogue's (StaffService links).
    path("staff/", namespace("staff", staff_urls, staff_service_urls)),
    path("services/", include("salonbook.catalog.urls")),
    # The product list is the catalogue's; a product's card shows its stock: inventory's.
    path("products/", namespace("products", product_list_urls, product_card_urls)),
    path("stock/", include("salonbook.inventory.urls")),
    path("hours/", include("salonbook.scheduling.urls")),
    path("loyalty/", include("salonbook.loyalty.urls")),
    path("payments/", include("salonbook.checkout.settings_urls")),
    path("booking-categories/", include("salonbook.bookings.settings_urls")),
    # The clients app's: additional fields (fields/) and the client base (client-base/).
    path("", include("salonbook.clients.settings_urls")),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before the API's own routes: a streaming response, outside django-ninja.
    path("api/v1/stream", change_stream, name="change-stream"),
    path("api/v1/", api.urls),
    path("schedule/", schedule_page, name="schedule"),
    path("bookings/", include(booking_urls)),
    path("clients/", include("salonbook.clientbase.urls")),
    path("visits/", include(visit_urls)),
    path("settings/", include(settings_patterns)),
    path("", include("salonbook.web.urls")),
]
