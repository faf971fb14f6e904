"""Everything under /settings/: the hub, then each app's settings pages.

Booking categories, additional fields and payments have their patterns here rather than in the
bookings, clients and checkout URL modules, which serve the booking sheet.
"""

from django.urls import include, path

from salonbook.bookings import settings_views as booking_settings
from salonbook.checkout import settings_views as payment_settings
from salonbook.clients import settings_views as field_settings
from salonbook.clients.files import settings_views as client_settings
from salonbook.web.settings_views import settings_index

booking_category_patterns = [
    path("", booking_settings.category_list, name="list"),
    path("<int:category_id>/", booking_settings.category_edit, name="edit"),
    path("<int:category_id>/delete/", booking_settings.category_delete, name="delete"),
]

additional_field_patterns = [
    path("", field_settings.field_list, name="list"),
    path("new/", field_settings.field_new, name="new"),
    path("<int:field_id>/", field_settings.field_edit, name="edit"),
    path("<int:field_id>/active/", field_settings.field_active, name="active"),
]

payment_patterns = [
    path("", payment_settings.method_list, name="methods"),
    path("new/", payment_settings.method_new, name="method-new"),
    path("<int:method_id>/", payment_settings.method_edit, name="method-edit"),
    path("cash-desks/", payment_settings.desk_list, name="desks"),
    path("cash-desks/new/", payment_settings.desk_new, name="desk-new"),
    path("cash-desks/<int:cash_desk_id>/", payment_settings.desk_edit, name="desk-edit"),
]

urlpatterns = [
    path("", settings_index, name="settings"),
    path("staff/", include("salonbook.staff.urls")),
    path("services/", include("salonbook.catalog.urls")),
    path("products/", include("salonbook.catalog.product_urls")),
    path("stock/", include("salonbook.inventory.urls")),
    path("hours/", include("salonbook.scheduling.urls")),
    path("loyalty/", include("salonbook.loyalty.urls")),
    path("payments/", include((payment_patterns, "payments"))),
    path("booking-categories/", include((booking_category_patterns, "booking-categories"))),
    path("fields/", include((additional_field_patterns, "additional-fields"))),
    path("client-base/", client_settings.client_base_settings, name="client-base"),
]
