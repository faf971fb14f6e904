"""Payment method and cash desk settings pages, under /settings/payments/ (the root URL conf
mounts them there)."""

from django.urls import path

from salonbook.checkout import settings_views

app_name = "payments"

urlpatterns = [
    path("", settings_views.method_list, name="methods"),
    path("new/", settings_views.method_new, name="method-new"),
    path("<int:method_id>/", settings_views.method_edit, name="method-edit"),
    path("cash-desks/", settings_views.desk_list, name="desks"),
    path("cash-desks/new/", settings_views.desk_new, name="desk-new"),
    path("cash-desks/<int:cash_desk_id>/", settings_views.desk_edit, name="desk-edit"),
]
