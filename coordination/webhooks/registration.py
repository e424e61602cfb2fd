"""Everything the webhooks app plugs into the core: a removed subscription, for the API's removals
feed, seen by those who manage webhooks."""

from coordination.api.deletions import register_deletions

register_deletions({"webhooks.subscription.delete": ("webhooks", "manage_webhooks")})
