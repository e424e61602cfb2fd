"""Everything the places app plugs into the core: the changes partners may subscribe to."""

from django.utils.translation import gettext_lazy

from coordination.webhooks.registry import register_events

register_events({"places.area.create": gettext_lazy("An area was added")})
