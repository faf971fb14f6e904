from django.contrib import admin

from salonbook.record_admin import RecordAdmin
from salonbook.staff.models import Position, StaffMember


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["name", "chain"]


@admin.register(StaffMember)
class StaffMemberAdmin(RecordAdmin):
    list_display = ["name", "position", "location", "is_active"]
    list_filter = ["location", "is_active"]
    search_fields = ["name", "email", "phone"]
