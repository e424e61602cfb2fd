"""The core's events partners may subscribe to (apps add theirs in their own events.py)."""

from django.utils.translation import gettext_lazy as _

from coordination.api.deletions import register_deletions

from .registry import register_events

register_events(
    {
        "organisation.create": _("An organisation was added to the place"),
        "organisation.update": _("An organisation's details changed"),
        "area.create": _("An area was added"),
        "membership.join": _("Someone joined the place as a resident"),
        "membership.update": _("A member's role changed"),
        "membership.end": _("Someone left the place"),
    }
)

# Removals, for the sync tombstones (GET .../deletions/), seen by those who could see the rows.
register_deletions(
    {
        "membership.end": ("memberships", "view_members"),
        "webhook.delete": ("webhooks", "manage_webhooks"),
    }
)
