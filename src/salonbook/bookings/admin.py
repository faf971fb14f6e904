from django.contrib import admin

from salonbook.bookings.models import Booking, BookingCategory, BookingService
from salonbook.record_admin import RecordAdmin


@admin.register(BookingCategory)
class BookingCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "color", "chain"]


class BookingServiceInline(admin.TabularInline):
    model = BookingService
    extra = 0


@admin.register(Booking)
class BookingAdmin(RecordAdmin):
    # Read-mostly: writes belong to the services, which check overlaps and record changes.
    list_display = ["id", "start_at", "staff", "client", "status", "location", "deleted_at"]
    list_filter = ["status", "location"]
    date_hierarchy = "start_at"
    raw_id_fields = ["client", "staff"]
    list_select_related = ["staff", "client", "location"]
    inlines = [BookingServiceInline]

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False
