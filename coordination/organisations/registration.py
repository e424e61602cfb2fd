"""Everything the organisations app plugs into the core: the changes partners may subscribe to."""

from django.utils.translation import gettext_lazy

from coordination.webhooks.registry import register_events

register_events(
    {
        "organisations.organisation.create": gettext_lazy("An organisation was added to the place"),
        "organisations.organisation.update": gettext_lazy("An organisation's details changed"),
    }
)

# Search (docs/search.md): what this app makes searchable, each kind checked by its visibility
# selector.

from coordination.search.registry import register_search  # noqa: E402

from . import search  # noqa: E402

for _kind in search.KINDS:
    register_search(_kind)
