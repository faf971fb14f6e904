from django.contrib import admin

from salonbook.catalog.models import (
    Product,
    Service,
    ServiceCategory,
    ServiceMaterial,
    StaffService,
)
from salonbook.record_admin import RecordAdmin


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "chain", "sort_order"]


class StaffServiceInline(admin.TabularInline):
    model = StaffService
    extra = 0
    raw_id_fields = ["staff"]


class ServiceMaterialInline(admin.TabularInline):
    model = ServiceMaterial
    extra = 0
    raw_id_fields = ["product"]


@admin.register(Service)
class ServiceAdmin(RecordAdmin):
    list_display = ["name", "category", "duration_minutes", "price", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["name"]
    inlines = [StaffServiceInline, ServiceMaterialInline]


@admin.register(Product)
class ProductAdmin(RecordAdmin):
    list_display = [
        "name",
        "sku",
        "unit",
        "price",
        "cost",
        "for_sale",
        "is_consumable",
        "is_active",
    ]
    list_filter = ["for_sale", "is_consumable", "is_active"]
    search_fields = ["name", "sku", "barcode"]
