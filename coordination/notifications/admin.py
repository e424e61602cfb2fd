"""Django admin for superusers: the outbox, notifications and preferences across places."""

from django.contrib import admin

from coordination.jsonlimits import JSON_FORM_FIELDS

from .models import Notification, NotificationPreference, OutboxEmail


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "place",
        "to_email",
        "kind",
        "subject",
        "status",
        "attempts",
        "sent_at",
    ]
    list_filter = ["status", "place", "kind"]
    search_fields = ["to_email", "subject", "dedupe_key"]
    readonly_fields = [f.name for f in OutboxEmail._meta.fields]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the outbox is a record: rows are never deleted


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "place", "user", "kind", "title", "read_at"]
    list_filter = ["place", "kind"]
    search_fields = ["title", "user__email"]
    raw_id_fields = ["user"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    formfield_overrides = JSON_FORM_FIELDS
    list_display = ["user", "place", "digest", "last_digest_at"]
    list_filter = ["place", "digest"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
