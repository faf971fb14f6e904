from django.contrib import admin
from django.urls import include, path

from salonbook.api import api
from salonbook.bookings.views import schedule_page
from salonbook.sync.stream import change_stream

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before the API's own routes: a streaming response, outside django-ninja.
    path("api/v1/stream", change_stream, name="change-stream"),
    path("api/v1/", api.urls),
    path("schedule/", schedule_page, name="schedule"),
    path("bookings/", include("salonbook.bookings.urls")),
    path("clients/", include("salonbook.clientbase.urls")),
    path("visits/", include("salonbook.checkout.urls")),
    path("", include("salonbook.web.urls")),
]
