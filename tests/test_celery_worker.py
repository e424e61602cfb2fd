"""A real Celery round trip: a worker process, started here, sends the invitation email from the
place's outbox.

The worker gets this test database (committed data, hence transactional tests), the same broker
(Redis when REDIS_URL is set, else the filesystem folders) and writes emails to a temporary
folder. Its queue has a name of its own, so a `make run` worker beside the tests never takes
these tasks and this worker never takes anyone else's.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from coordination.accounts.models import Role
from coordination.accounts.services import invitation_create
from coordination.notifications.models import OutboxEmail, OutboxStatus
from coordination.notifications.tasks import deliver_outbox
from coordination.ops.tasks import heartbeat
from tests.support.workers import text_of, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def invitation_email(place, invitation):
    return OutboxEmail.objects.for_place(place).get(dedupe_key=f"invitation:{invitation.pk}")


def test_worker_sends_the_invitation_email(worker, bucks, admin_of):
    admin = admin_of(bucks)

    # The commit queues deliver_outbox; the worker sends the invitation from the outbox.
    invitation = invitation_create(
        place=bucks, actor=admin, email="new.leader@example.org", role=Role.RESIDENT
    )

    messages = wait_for(worker.messages, "the invitation email", worker)
    assert len(messages) == 1
    message = messages[0]
    assert message["To"] == "new.leader@example.org"
    assert message["Subject"] == "You're invited to join Buckinghamshire on InPlace"
    accept_path = reverse(
        "places:invitation_accept", kwargs={"place_slug": bucks.slug, "token": invitation.token}
    )
    assert settings.SITE_URL + accept_path in text_of(message)
    wait_for(
        lambda: invitation_email(bucks, invitation).status == OutboxStatus.SENT,
        "the outbox row to be marked sent",
        worker,
    )
    assert message["Message-ID"] == invitation_email(bucks, invitation).headers["Message-ID"]


def test_delivering_twice_sends_one_email(worker, bucks, admin_of):
    admin = admin_of(bucks)
    invitation = invitation_create(
        place=bucks, actor=admin, email="twice@example.org", role=Role.RESIDENT
    )
    wait_for(
        lambda: invitation_email(bucks, invitation).status == OutboxStatus.SENT,
        "the first delivery",
        worker,
    )

    again = [deliver_outbox.delay(place_id=bucks.pk) for _ in range(2)]

    for result in again:
        wait_for(lambda r=result: f"[{r.id}] succeeded" in worker.log(), "a re-run", worker)
    assert [m["To"] for m in worker.messages()] == ["twice@example.org"]
    assert invitation_email(bucks, invitation).attempts == 1


def test_the_worker_heartbeat_makes_the_site_ready(worker, client):
    assert client.get("/readyz").status_code == 503

    result = heartbeat.delay()

    wait_for(lambda: f"[{result.id}] succeeded" in worker.log(), "the heartbeat", worker)
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["worker"]["ok"] is True


def test_the_worker_delivers_a_webhook_after_the_change_commits(worker, bucks, admin_of):
    from coordination.organisations.services import organisation_create
    from coordination.webhooks import signing
    from coordination.webhooks.services import subscription_create
    from tests.support.webhooks import Receiver

    admin = admin_of(bucks)
    with Receiver() as receiver:
        subscription = subscription_create(
            place=bucks,
            actor=admin,
            name="Council CRM",
            url=receiver.url,
            events=["organisations.organisation.create"],
        )
        organisation_create(place=bucks, actor=admin, name="Chiltern Foodbank", kind="cio")

        ((headers, body),) = wait_for(lambda: receiver.received, "the webhook delivery", worker)
    assert signing.verify(subscription.secret, body, headers[signing.HEADER])
    assert headers["X-InPlace-Event"] == "organisations.organisation.create"
