"""audit_record announces the change itself: queued with the change, sent only once it commits."""

import pytest
from django.db import transaction

from coordination.organisations.services import organisation_create
from coordination.webhooks.models import WebhookDelivery
from coordination.webhooks.services import subscription_create

pytestmark = pytest.mark.django_db


class ChangeUndone(Exception):
    pass


@pytest.fixture
def admin(bucks, admin_of):
    return admin_of(bucks, email="admin@bucks.example")


@pytest.fixture
def subscribed(bucks, admin):
    return subscription_create(
        place=bucks,
        actor=admin,
        name="Council CRM",
        url="https://crm.example.org/hooks",
        events=["organisations.organisation.create"],
    )


def test_the_delivery_is_queued_with_the_change_and_sent_on_commit(
    bucks, admin, subscribed, django_capture_on_commit_callbacks, monkeypatch
):
    from coordination.webhooks import tasks

    sent = []
    monkeypatch.setattr(tasks.deliver_webhooks, "delay", lambda **kw: sent.append(kw))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        organisation_create(place=bucks, actor=admin, name="Marlow Mutual Aid", kind="cio")
        assert (
            WebhookDelivery.objects.for_place(bucks).get().event
            == "organisations.organisation.create"
        )
        assert sent == []  # nothing leaves before the change is committed

    assert len(callbacks) >= 1
    assert sent == [{"place_id": bucks.pk}]


def test_a_change_rolled_back_announces_nothing(bucks, admin, subscribed):
    with pytest.raises(ChangeUndone), transaction.atomic():
        organisation_create(place=bucks, actor=admin, name="Marlow Mutual Aid", kind="cio")
        raise ChangeUndone

    assert not WebhookDelivery.objects.for_place(bucks).exists()


def test_audited_changes_that_are_no_event_or_not_asked_for_queue_nothing(bucks, admin):
    subscription_create(
        place=bucks,
        actor=admin,
        name="Council CRM",
        url="https://crm.example.org/hooks",
        events=["organisations.organisation.update"],
    )  # "webhooks.subscription.create" is audited but is no event

    organisation_create(place=bucks, actor=admin, name="Marlow Mutual Aid", kind="cio")

    assert not WebhookDelivery.objects.for_place(bucks).exists()
