from django.contrib import admin

from salonbook.clients.models import AdditionalField, Client
from salonbook.record_admin import RecordAdmin


@admin.register(Client)
class ClientAdmin(RecordAdmin):
    list_display = ["name", "phone", "email", "chain", "deleted_at"]
    search_fields = ["name", "phone", "email"]
    list_filter = ["chain"]


@admin.register(AdditionalField)
class AdditionalFieldAdmin(admin.ModelAdmin):
    list_display = ["label", "key", "applies_to", "kind", "required", "chain"]
