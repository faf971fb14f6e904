from django.contrib import admin

from salonbook.loyalty.models import Certificate, CertificateEntry, CertificateType
from salonbook.record_admin import RecordAdmin


@admin.register(CertificateType)
class CertificateTypeAdmin(RecordAdmin):
    list_display = ["name", "chain", "kind", "price", "face_value", "visits", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]


class CertificateEntryInline(admin.TabularInline):
    model = CertificateEntry
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False


@admin.register(Certificate)
class CertificateAdmin(RecordAdmin):
    """Read-only: a certificate's status and ledger change only through the loyalty services,
    which keep the balance a sum of entries and record the change."""

    list_display = ["code", "type", "chain", "client", "sold_at", "expires_at", "status"]
    list_filter = ["status", "type__kind"]
    search_fields = ["code"]
    raw_id_fields = ["client"]
    inlines = [CertificateEntryInline]

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False
