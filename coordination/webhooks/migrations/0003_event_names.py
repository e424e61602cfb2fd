"""Subscriptions ask for events by the `<app>.<entity>.<verb>` names: each stored list is
rewritten with the audit migration's frozen table. Deliveries already made keep the name they
were sent with."""

from importlib import import_module

from django.db import migrations

RENAMED = import_module("coordination.audit.migrations.0002_action_names").RENAMED


def rename(apps, schema_editor, names=RENAMED):
    Subscription = apps.get_model("webhooks", "WebhookSubscription")
    for subscription in Subscription.objects.all():
        events = sorted({names.get(e, e) for e in subscription.events})
        if events != subscription.events:
            subscription.events = events
            subscription.save(update_fields=["events"])


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, names={new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_action_names"),
        ("webhooks", "0002_web_address_characters"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
