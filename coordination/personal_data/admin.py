from django.contrib import admin

from .models import DataRequest


@admin.register(DataRequest)
class DataRequestAdmin(admin.ModelAdmin):
    """The log of access and erasure requests: read-only, and never the download's token."""

    list_display = ["requested_at", "kind", "user_reference", "status", "reason", "completed_at"]
    list_filter = ["kind", "status"]
    search_fields = ["user_reference"]
    fields = [
        "user_reference",
        "kind",
        "status",
        "reason",
        "requested_at",
        "completed_at",
        "expires_at",
        "file_size",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
