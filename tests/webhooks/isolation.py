"""Place A's webhooks for tests/test_isolation.py: subscriptions with a delivery each."""

from coordination.organisations.services import organisation_create
from coordination.webhooks.services import subscription_create


def build_webhooks(place, actor, n):
    for i in range(n):
        subscription_create(
            place=place,
            actor=actor,
            name=f"Quokka receiver {i}",
            url=f"https://quokka-{i}.example/hooks",
            events=["organisation.create"],
        )
    organisation_create(place=place, actor=actor, name="Quokka Webhook Trust", kind="cio")
