"""Everything the accounts app plugs into the core: membership changes partners may subscribe to
(webhooks), the removals the API lists, the invitation reminder and the new-members digest section.
"""

from datetime import timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.api.deletions import register_deletions
from coordination.notifications.registry import (
    DigestSection,
    ReminderRule,
    register_reminder,
    register_section,
)
from coordination.personal_data.registry import register_personal_data
from coordination.pickers.registry import Source, register_source
from coordination.webhooks.registry import register_events

from . import digest, personal_data
from .models import User
from .permissions import can

register_events(
    {
        "accounts.membership.join": gettext_lazy("Someone joined the place as a resident"),
        "accounts.membership.update": gettext_lazy("A member's role changed"),
        "accounts.membership.end": gettext_lazy("Someone left the place"),
    }
)

# Seen by those who could see the memberships.
register_deletions({"accounts.membership.end": ("memberships", "view_members")})

register_reminder(
    ReminderRule(
        kind=digest.INVITATION_KIND,
        label=gettext_lazy("Someone has not accepted an invitation after 7 days"),
        find_due=digest.invitations_not_accepted,
        lead_times=(timedelta(days=7),),
    )
)

register_section(
    DigestSection(
        key="new_members",
        title=lambda place: _("New members and organisations in %(place)s") % {"place": place.name},
        order=20,
        relevant=digest.for_coordinators,
        prefetch=digest.prefetch_joiners,
        items=digest.joiner_items,
    )
)

for _entry in personal_data.ENTRIES:
    register_personal_data(_entry)

# Forms that name a person of the place (a board's member, an action's owner) pick them by typing
# their name (coordination/pickers). Who belongs to a place is not public: those who see its
# members may look, and apps let in others who seat or assign people (a board's officers).
register_source(
    Source(
        name="people",
        rows=lambda place: (
            User.objects.filter(memberships__place=place, is_active=True, closed_at__isnull=True)
            .distinct()
            .order_by("name", "email")
        ),
        label=lambda person: person.get_full_name(),
        allowed=lambda user, place: can(user, place, "view_members"),
        fields=("name",),
    )
)
