"""Every write really is every write: each model says how its writes reach the page cache.

A model with a ``place`` foreign key bumps its place by itself; every other model must be
declared in a registration.py (global, a path to its places, or unseen with a reason). A new
model that is none of these fails here, so it cannot forget the cache.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from coordination.caching import registry


def test_every_model_says_how_it_reaches_the_cache():
    undeclared = [
        model._meta.label for model in apps.get_models() if registry.declared(model) is None
    ]
    assert undeclared == [], (
        "These models neither have a place field nor say how their writes change public pages "
        "(coordination/caching/registry.py, from the app's registration.py): "
        + ", ".join(undeclared)
    )


def test_every_unseen_model_says_why():
    unseen = [m for m in apps.get_models() if registry.declared(m) == "unseen"]
    assert unseen
    assert all(len(registry.unseen_reason(m)) > 10 for m in unseen)


def test_every_watched_model_has_its_receivers():
    watched = registry.watched_models(apps.get_models())
    labels = {m._meta.label for m in watched}
    assert {"mapping.Service", "boards.Meeting", "places.Place", "accounts.User"} <= labels
    assert "notifications.OutboxEmail" not in labels
    missing = [
        m._meta.label
        for m in watched
        if not (post_save.has_listeners(m) and post_delete.has_listeners(m))
    ]
    assert missing == []
