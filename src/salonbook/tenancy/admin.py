from django.contrib import admin

from salonbook.record_admin import RecordAdmin
from salonbook.tenancy.models import Chain, Location


class LocationInline(admin.TabularInline):
    model = Location
    extra = 0
    fields = ["name", "time_zone", "slot_step_minutes", "min_lead_minutes", "is_active"]


@admin.register(Chain)
class ChainAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "currency", "created_at"]
    inlines = [LocationInline]


@admin.register(Location)
class LocationAdmin(RecordAdmin):
    list_display = ["name", "chain", "time_zone", "is_active"]
    list_filter = ["chain"]
