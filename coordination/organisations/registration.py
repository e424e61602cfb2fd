"""Everything the organisations app plugs into the core: the changes partners may subscribe to,
and what it holds about a person."""

from django.utils.translation import gettext_lazy

from coordination.personal_data.registry import register_personal_data
from coordination.webhooks.registry import register_events

from . import personal_data

register_events(
    {
        "organisations.organisation.create": gettext_lazy("An organisation was added to the place"),
        "organisations.organisation.update": gettext_lazy("An organisation's details changed"),
    }
)

for _entry in personal_data.ENTRIES:
    register_personal_data(_entry)
