"""Everything the organisations app plugs into the core: the changes partners may subscribe to."""

from django.utils.translation import gettext_lazy

from coordination.webhooks.registry import register_events

register_events(
    {
        "organisations.organisation.create": gettext_lazy("An organisation was added to the place"),
        "organisations.organisation.update": gettext_lazy("An organisation's details changed"),
    }
)
