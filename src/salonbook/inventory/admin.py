from django.contrib import admin

from salonbook.inventory.models import StockMovement, Storage
from salonbook.record_admin import RecordAdmin


@admin.register(Storage)
class StorageAdmin(RecordAdmin):
    list_display = ["name", "location", "is_active"]
    list_filter = ["is_active"]


@admin.register(StockMovement)
class StockMovementAdmin(RecordAdmin):
    # Read-only: the ledger is only appended to, by the stock services (which check the stock
    # and record changes); a correction is another movement.
    list_display = ["id", "created_at", "storage", "product", "kind", "quantity", "unit_cost"]
    list_filter = ["kind", "storage"]
    list_select_related = ["storage", "product"]
    raw_id_fields = ["product", "created_by"]

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False
