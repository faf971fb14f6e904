"""The clients app's settings pages, under /settings/ (the root URL conf mounts them there):
additional fields at fields/ ("additional-fields:…") and the client base at client-base/
("client-base"). Two names of different shapes, so this module has no namespace of its own."""

from django.urls import include, path

from salonbook.clients import settings_views
from salonbook.clients.files import settings_views as file_settings

additional_field_patterns = [
    path("", settings_views.field_list, name="list"),
    path("new/", settings_views.field_new, name="new"),
    path("<int:field_id>/", settings_views.field_edit, name="edit"),
    path("<int:field_id>/active/", settings_views.field_active, name="active"),
]

urlpatterns = [
    path("fields/", include((additional_field_patterns, "additional-fields"))),
    path("client-base/", file_settings.client_base_settings, name="client-base"),
]
