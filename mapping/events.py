"""Mapping's changes partner systems may subscribe to (webhooks): the directory and the asset map.

Evidence of need is not among them: it is for members, and a webhook names the object to anyone
holding the place's key.
"""

from django.utils.translation import gettext_lazy as _

from coordination.api.deletions import register_deletions
from coordination.webhooks.registry import register_events

register_events(
    {
        "service.create": _("A service was added to the directory"),
        "service.update": _("A service's listing changed"),
        "service.verify": _("A service's listing was confirmed as still right"),
        "service.remove": _("A service was removed from the directory"),
        "asset.create": _("A community asset was added"),
        "asset.update": _("A community asset changed"),
        "asset.remove": _("A community asset was removed"),
    }
)

# Removals, for the sync tombstones (GET .../deletions/): listings were public, evidence of need not.
register_deletions(
    {
        "service.remove": ("services", None),
        "asset.remove": ("assets", None),
        "need.remove": ("needs", "view_needs"),
    }
)
