"""End to end with a real Celery worker process (the ``worker`` fixture of tests/conftest.py).

On Redis when REDIS_URL is set, else on the filesystem broker; the worker writes email to files.
"""

from datetime import timedelta

import pytest
from django.conf import settings

from coordination.accounts.models import Role
from coordination.notifications import dispatch, tasks
from coordination.notifications.models import DIGEST_KIND, OutboxEmail, OutboxStatus
from coordination.notifications.services import notify
from tests.support import workers as harness
from tests.support.notifications import last_monday_8am

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


MONDAY_8AM = last_monday_8am()


@pytest.fixture(autouse=True)
def _worker_settings(monkeypatch):
    # Autouse, so set before the worker starts. Inside the worker a commit that queues email would
    # publish to the default queue, which this worker does not read: the tests queue delivery
    # themselves, from this process, as the on-commit trigger and beat's tick do.
    monkeypatch.setenv("NOTIFICATIONS_DELIVER_ON_COMMIT", "false")


@pytest.fixture
def reader(bucks, make_member):
    bucks.digest_weekday, bucks.digest_hour = 0, 8
    bucks.save(update_fields=["digest_weekday", "digest_hour"])
    person = make_member(bucks, Role.RESIDENT, email="reader@example.org", name="Rae Reader")
    notify(
        place=bucks,
        user=person,
        kind="test.news",
        title="The community fund opens on Friday",
        now=MONDAY_8AM - timedelta(days=3),
    )
    return person


def digest_of(place, person):
    return OutboxEmail.objects.for_place(place).filter(kind=DIGEST_KIND, recipient=person).first()


def test_a_digest_queued_here_is_delivered_by_the_worker_on_commit(worker, bucks, reader, settings):
    settings.NOTIFICATIONS_DELIVER_ON_COMMIT = True  # the commit below queues deliver_outbox

    assert dispatch.dispatch_digests(now=MONDAY_8AM).queued == 1

    (message,) = harness.wait_for(worker.messages, "the digest email", worker)
    assert message["To"] == "reader@example.org"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"] == digest_of(bucks, reader).headers["Message-ID"]
    assert message.is_multipart()
    types = {part.get_content_type() for part in message.walk()}
    assert {"text/plain", "text/html"} <= types
    text = harness.text_of(message)
    assert "The community fund opens on Friday" in text
    assert f"{settings.SITE_URL}/buckinghamshire/notifications/unsubscribe/?t=" in text
    harness.wait_for(
        lambda: digest_of(bucks, reader).status == OutboxStatus.SENT,
        "the row to be marked sent",
        worker,
    )


def test_the_worker_dispatches_and_delivers_and_a_second_tick_sends_nothing_more(
    worker, bucks, reader
):
    first = tasks.dispatch_digests.delay(now=MONDAY_8AM.isoformat())
    harness.wait_for(lambda: f"[{first.id}] succeeded" in worker.log(), "the dispatch", worker)
    again = tasks.dispatch_digests.delay(now=MONDAY_8AM.isoformat())  # beat's tick, run twice
    harness.wait_for(lambda: f"[{again.id}] succeeded" in worker.log(), "the re-run", worker)

    for _tick in range(2):
        tasks.deliver_outbox.delay(place_id=bucks.pk)
    harness.wait_for(
        lambda: digest_of(bucks, reader) and digest_of(bucks, reader).status == OutboxStatus.SENT,
        "the digest to be sent",
        worker,
    )
    harness.wait_for(lambda: worker.log().count("deliver_outbox") >= 4, "both deliveries", worker)

    assert [m["To"] for m in worker.messages()] == ["reader@example.org"]
    assert OutboxEmail.objects.for_place(bucks).count() == 1
    assert settings.SITE_URL  # the worker was given this run's SITE_URL
