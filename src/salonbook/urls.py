from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

from salonbook.api import api
from salonbook.sync.stream import change_stream

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before the API's own routes: a streaming response, outside django-ninja.
    path("api/v1/stream", change_stream, name="change-stream"),
    path("api/v1/", api.urls),
    # Until the schedule pages exist, the front door leads to the API's interactive docs.
    path("", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
]
