"""SMTP failing, through a real worker: the email is retried with back-off, then marked failed,
and the place admin sees it, with the server's answer, on the outbox page.

The back-off arithmetic, a 5xx refusal as a bounce, an unreachable server and the admin's retry
are tested in process in tests/notifications/test_delivery.py; this is the same path end to end,
with a worker process and a real SMTP server on loopback that keeps answering 421.
"""

import time

import pytest
from django.test import Client

from coordination.accounts.models import Role
from coordination.accounts.services import invitation_create
from coordination.notifications import tasks
from coordination.notifications.models import OutboxEmail, OutboxStatus
from tests.support.workers import new_queue_name, publishing_to, start_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_failing_smtp_server_is_retried_then_the_email_is_failed_and_shown_to_the_admin(
    tmp_path, smtp_sink, bucks, admin_of, settings
):
    settings.NOTIFICATIONS_DELIVER_ON_COMMIT = True
    smtp_sink.handler.data_replies = ["421 4.3.2 Service shutting down"] * 10
    admin = admin_of(bucks)
    queue = new_queue_name()
    env = {
        "DJANGO_SETTINGS_MODULE": "tests.support.worker_settings",
        "INPLACE_TEST_QUEUE": queue,
        "EMAIL_URL": smtp_sink.email_url,
        "NOTIFICATIONS_MAX_ATTEMPTS": "3",
        "NOTIFICATIONS_RETRY_BASE_SECONDS": "1",
        "NOTIFICATIONS_RETRY_MAX_SECONDS": "2",
    }
    with publishing_to(queue):
        worker = start_worker(tmp_path, queue=queue, env=env)
        try:
            invitation_create(
                place=bucks, actor=admin, email="unlucky@example.org", role=Role.RESIDENT
            )
            row = OutboxEmail.objects.for_place(bucks).get(to_email="unlucky@example.org")
            seen = []
            deadline = time.monotonic() + 60
            while row.status != OutboxStatus.FAILED:
                assert time.monotonic() < deadline, "the email was never marked failed"
                tick = tasks.deliver_outbox.delay(place_id=bucks.pk)  # beat's every-minute tick
                wait_for(lambda t=tick: worker.succeeded(t), "a delivery tick", worker)
                row.refresh_from_db()
                if not seen or seen[-1] != (row.status, row.attempts):
                    seen.append((row.status, row.attempts))
                time.sleep(0.5)
        finally:
            worker.stop()
            print(f"----- worker log -----\n{worker.log()}")

    # Retried (pending again after attempts 1 and 2, each after its back-off), then failed.
    assert (OutboxStatus.PENDING, 1) in seen and (OutboxStatus.PENDING, 2) in seen, seen
    assert seen[-1] == (OutboxStatus.FAILED, 3)
    assert smtp_sink.handler.attempts == 3
    assert smtp_sink.handler.received == []
    assert row.last_error == "SMTPDataError: 421 4.3.2 Service shutting down"

    client = Client()
    client.force_login(admin)
    page = client.get(f"/{bucks.slug}/notifications/outbox/?status=failed")
    assert page.status_code == 200
    assert [email.to_email for email in page.context["emails"]] == ["unlucky@example.org"]
    content = page.content.decode()
    assert "421 4.3.2 Service shutting down" in content
    counts = {value: count for value, _label, count in page.context["counts"]}
    assert counts["failed"] == 1 and counts["sent"] == 0
