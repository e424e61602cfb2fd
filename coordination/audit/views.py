"""The audit trail page for place admins."""

from django.views.generic import ListView

from coordination.places.mixins import PlacePermissionMixin

from .selectors import audit_trail


class AuditTrailView(PlacePermissionMixin, ListView):
    permission = "view_audit"
    template_name = "audit/trail.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        return audit_trail(self.place, action_prefix=self.request.GET.get("action") or None)
