from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

from salonbook.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # Until the schedule pages exist, the front door leads to the API's interactive docs.
    path("", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
]
