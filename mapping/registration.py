"""Everything mapping plugs into the core: the changes partners may subscribe to (webhooks: the
directory and the asset map), the removals the API lists, the listing reminder, the needs and gaps
digest section and the Open Referral dataset.

Evidence of need is no webhook event: it is for members, and a webhook names the object to anyone
holding the place's key.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.api.deletions import register_deletions
from coordination.exports.registry import register_export
from coordination.notifications.registry import (
    DigestSection,
    ReminderRule,
    register_reminder,
    register_section,
)
from coordination.opendata import register_dataset
from coordination.personal_data.registry import register_personal_data
from coordination.search.registry import register_search
from coordination.webhooks.registry import register_events

from . import digest, export_files, opendata, personal_data, search

register_events(
    {
        "mapping.service.create": gettext_lazy("A service was added to the directory"),
        "mapping.service.update": gettext_lazy("A service's listing changed"),
        "mapping.service.verify": gettext_lazy("A service's listing was confirmed as still right"),
        "mapping.service.remove": gettext_lazy("A service was removed from the directory"),
        "mapping.asset.create": gettext_lazy("A community asset was added"),
        "mapping.asset.update": gettext_lazy("A community asset changed"),
        "mapping.asset.remove": gettext_lazy("A community asset was removed"),
    }
)

# Listings were public, evidence of need not.
register_deletions(
    {
        "mapping.service.remove": ("services", None),
        "mapping.asset.remove": ("assets", None),
        "mapping.need.remove": ("needs", "view_needs"),
    }
)

register_reminder(
    ReminderRule(
        kind=digest.VERIFY_KIND,
        label=gettext_lazy("A service listing has not been checked for six months"),
        find_due=digest.listings_to_verify,
    )
)

register_section(
    DigestSection(
        key="mapping_needs_and_gaps",
        title=lambda place: _("New needs and gaps in %(place)s") % {"place": place.name},
        order=40,
        relevant=digest.sees_needs,
        prefetch=digest.prefetch_needs_and_gaps,
        items=digest.needs_and_gaps_items,
    )
)

register_dataset(opendata.OPEN_REFERRAL)
for export in [*opendata.EXPORTS, *export_files.EXPORTS]:
    register_export(export)

for _entry in personal_data.ENTRIES:
    register_personal_data(_entry)

# Search (docs/search.md): what this app makes searchable, each kind checked by its visibility
# selector.

for _kind in search.KINDS:
    register_search(_kind)


# The stored gap and overlap analysis is computed again soon after a service or a need changes
# (mapping/services/analysis.py); beat's hourly tick catches what no signal sees.
def _analysis_changed(sender, instance, **kwargs):
    from .services import analysis_refresh_soon

    if kwargs.get("action", "post").startswith("pre"):
        return  # m2m_changed: only once the links are saved
    place_id = getattr(instance, "place_id", None)
    if place_id:
        analysis_refresh_soon(place_id)


def _connect_analysis_refresh():
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from .models import Need, Service

    for model in (Service, Need):
        post_save.connect(
            _analysis_changed, sender=model, dispatch_uid=f"analysis-{model.__name__}"
        )
        post_delete.connect(
            _analysis_changed, sender=model, dispatch_uid=f"analysis-del-{model.__name__}"
        )
    for relation in ("themes", "areas", "communities"):
        m2m_changed.connect(
            _analysis_changed,
            sender=getattr(Service, relation).through,
            dispatch_uid=f"analysis-service-{relation}",
        )


_connect_analysis_refresh()
