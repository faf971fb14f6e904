from django.contrib import admin
from django.urls import include, path

from salonbook.api import api
from salonbook.sync.stream import change_stream
from salonbook.visits.schedule_views import schedule_page
from salonbook.visits.urls import booking_urls, visit_urls

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before the API's own routes: a streaming response, outside django-ninja.
    path("api/v1/stream", change_stream, name="change-stream"),
    path("api/v1/", api.urls),
    path("schedule/", schedule_page, name="schedule"),
    path("bookings/", include(booking_urls)),
    path("clients/", include("salonbook.clientbase.urls")),
    path("visits/", include(visit_urls)),
    path("", include("salonbook.web.urls")),
]
