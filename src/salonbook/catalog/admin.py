from django.contrib import admin

from salonbook.catalog.models import Service, ServiceCategory, StaffService


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "chain", "sort_order"]


class StaffServiceInline(admin.TabularInline):
    model = StaffService
    extra = 0
    raw_id_fields = ["staff"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "duration_minutes", "price", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["name"]
    inlines = [StaffServiceInline]
