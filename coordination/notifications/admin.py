"""Django admin for superusers: the outbox, notifications and preferences across places."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coordination.errors import RuleViolation
from coordination.jsonlimits import JSON_FORM_FIELDS

from . import services
from .models import Notification, NotificationPreference, OutboxEmail

CONFIRM = "send-again"


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
    actions = ["send_again"]

    @admin.action(description=_("Send the selected failed emails again"))
    def send_again(self, request, queryset):
        """Failed emails go again at once; emails that may have been delivered (their sender
        stopped mid-send) only after the superuser confirms, on a page that lists them."""
        rows = [row for row in queryset.select_related("place").order_by("pk") if row.is_retryable]
        maybe = [row for row in rows if row.may_have_been_delivered]
        confirmed = request.POST.get("confirm") == CONFIRM
        if maybe and not confirmed:
            context = {
                **self.admin_site.each_context(request),
                "title": _("Send these emails again?"),
                "opts": self.model._meta,
                "maybe": maybe,
                "others": len(rows) - len(maybe),
                "selected": queryset.values_list("pk", flat=True),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "confirm": CONFIRM,
            }
            return TemplateResponse(
                request, "admin/notifications/outboxemail/confirm_send_again.html", context
            )
        queued = 0
        # Row by row, not ServiceActionView: one refused row must not stop the others being queued.
        for row in rows:
            try:
                services.outbox_retry(
                    place=row.place,
                    actor=request.user,
                    email=row,
                    confirm_may_have_been_delivered=confirmed,
                )
            except RuleViolation as exc:
                self.message_user(request, f"{row}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                queued += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d email will be sent again.",
                "%(count)d emails will be sent again.",
                queued,
            )
            % {"count": queued},
            messages.SUCCESS,
        )
        return None

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
