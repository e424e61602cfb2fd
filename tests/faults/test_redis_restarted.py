"""Redis restarted in the middle of a run: the worker reconnects, and no email is lost or doubled.

A Redis server of this test's own (never the shared one) is the broker of a real worker and of
this process. Invitations are made (each an outbox row, with a delivery task queued on commit)
before, while and after Redis is down. Redis here keeps nothing across a restart, like a
cache-only production Redis: what was queued and not taken is gone. The outbox rows in the
database are the source of truth, so beat's every-minute delivery tick sends whatever the lost
or unpublishable tasks would have.
"""

import time

import pytest

from coordination.accounts.models import Role
from coordination.accounts.services import invitation_create
from coordination.notifications import tasks
from coordination.notifications.models import OutboxEmail, OutboxStatus
from tests.support.workers import new_queue_name, publishing_to, start_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def invite(place, admin, emails):
    for address in emails:
        invitation_create(place=place, actor=admin, email=address, role=Role.RESIDENT)


def test_work_resumes_after_redis_restarts_and_every_email_is_sent_once(
    tmp_path, private_redis, smtp_sink, bucks, admin_of, settings
):
    settings.NOTIFICATIONS_DELIVER_ON_COMMIT = True
    admin = admin_of(bucks)
    queue = new_queue_name()
    before = [f"before{i}@example.org" for i in range(5)]
    during = [f"during{i}@example.org" for i in range(5)]
    after = [f"after{i}@example.org" for i in range(5)]
    env = {
        "REDIS_URL": private_redis.url,
        "DJANGO_SETTINGS_MODULE": "tests.support.worker_settings",
        "INPLACE_TEST_QUEUE": queue,
        "EMAIL_URL": smtp_sink.email_url,
    }
    with publishing_to(queue, broker_url=private_redis.url):
        worker = start_worker(tmp_path, queue=queue, env=env)
        try:
            invite(bucks, admin, before)
            wait_for(lambda: len(smtp_sink.recipients()) == 5, "the first emails", worker)

            private_redis.stop()
            started = time.monotonic()
            invite(bucks, admin, during)  # each commit tries to queue a delivery, and cannot
            publishing = time.monotonic() - started
            assert OutboxEmail.objects.for_place(bucks).filter(to_email__in=during).count() == 5

            private_redis.start()
            wait_for(
                lambda: worker.log().count("Connected to redis://") >= 2,
                "the worker to reconnect",
                worker,
            )
            invite(bucks, admin, after)
            wait_for(
                lambda: set(after) <= set(smtp_sink.recipients()),
                "the emails queued after the restart",
                worker,
            )

            tick = tasks.deliver_outbox.delay(place_id=bucks.pk)  # beat's every-minute tick
            wait_for(lambda: worker.succeeded(tick), "beat's delivery tick", worker)
        finally:
            worker.stop()
            print(f"----- worker log -----\n{worker.log()}")

    received = smtp_sink.recipients()
    everyone = before + during + after
    assert {address: received[address] for address in everyone} == dict.fromkeys(everyone, 1)
    assert sum(received.values()) == len(everyone)
    rows = OutboxEmail.objects.for_place(bucks).filter(to_email__in=everyone)
    assert set(rows.values_list("status", flat=True)) == {OutboxStatus.SENT}
    # A commit while Redis is down is not held up for long: the delivery is left to beat.
    assert publishing < 30, f"five invitations took {publishing:.1f}s with Redis down"
    print(f"five invitations with Redis down took {publishing:.2f}s")
