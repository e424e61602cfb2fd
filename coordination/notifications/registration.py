"""The notifications core's own reminder and digest section, registered like any app's."""

from django.utils.translation import gettext_lazy

from coordination.personal_data.registry import register_personal_data

from . import digest, personal_data
from .registry import DigestSection, ReminderRule, register_reminder, register_section

register_reminder(
    ReminderRule(
        kind=digest.BOUNCE_KIND,
        label=gettext_lazy(
            "An email to someone in the place could not be delivered (place admins)"
        ),
        find_due=digest.bounces_due,
    )
)

register_section(
    DigestSection(
        key="your_notifications",
        title=gettext_lazy("Your notifications"),
        order=10,
        prefetch=digest.prefetch_unread,
        items=digest.unread_items,
    )
)

for _entry in personal_data.ENTRIES:
    register_personal_data(_entry)
