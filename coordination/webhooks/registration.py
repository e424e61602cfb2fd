"""Everything the webhooks app plugs into the core: a removed subscription, for the API's removals
feed, seen by those who manage webhooks."""

from coordination.api.deletions import register_deletions
from coordination.personal_data.registry import register_personal_data

from . import personal_data

register_deletions({"webhooks.subscription.delete": ("webhooks", "manage_webhooks")})

for _entry in personal_data.ENTRIES:
    register_personal_data(_entry)
