"""A Celery worker killed with SIGKILL in the middle of a digest batch, then restarted.

Everything a worker decides is in the database: each digest is an outbox row whose unique
dedupe key is written in the same transaction as the decision (in chunks), and delivery claims one
row at a time with a lease. So after a kill, what production does next (a new worker, beat's
hourly dispatch tick and every-minute delivery tick) finishes the batch, and nobody gets two.

The worker sends to a real SMTP server on loopback, which counts what it accepted for each address.
"""

import time

import pytest
from django.test import Client

from coordination.notifications import tasks
from coordination.notifications.models import DIGEST_KIND, OutboxEmail, OutboxStatus
from tests.workers import new_queue_name, publishing_to, start_worker, wait_for

from .conftest import last_monday_8am

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

MEMBERS = 300  # residents, plus the place admin
LEASE_SECONDS = 5


def digests(place):
    return OutboxEmail.objects.for_place(place).filter(kind=DIGEST_KIND)


def worker_env(queue, smtp_sink, **extra):
    return {
        "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings",
        "INPLACE_TEST_QUEUE": queue,
        "INPLACE_TEST_DIGEST_CHUNK": "10",  # thirty-odd decision transactions in the batch
        "EMAIL_URL": smtp_sink.email_url,
        # A row left "sending" by the killed worker is judged abandoned after this.
        "NOTIFICATIONS_SENDING_LEASE_SECONDS": str(LEASE_SECONDS),
        **extra,
    }


class Run:
    """One worker after another on the same queue; the last one is stopped at the end."""

    def __init__(self, tmp_path, smtp_sink):
        self.tmp_path, self.smtp_sink = tmp_path, smtp_sink
        self.queue = new_queue_name()
        self.workers = []

    def start(self):
        name = f"worker{len(self.workers) + 1}"
        env = worker_env(self.queue, self.smtp_sink)
        self.workers.append(start_worker(self.tmp_path, queue=self.queue, env=env, name=name))
        return self.workers[-1]

    def close(self):
        for worker in self.workers:
            worker.stop()
            print(f"----- {worker.log_path.name} -----\n{worker.log()}")


@pytest.fixture
def run(tmp_path, smtp_sink):
    running = Run(tmp_path, smtp_sink)
    with publishing_to(running.queue):
        try:
            yield running
        finally:
            running.close()


def beat_ticks_until_done(place, worker, now, timeout=90):
    """What beat does after the kill: the dispatch tick (hourly) and delivery ticks (each minute),
    here every two seconds, until no digest is waiting or being sent."""
    result = tasks.dispatch_digests.delay(now=now.isoformat())
    wait_for(lambda: worker.succeeded(result), "the dispatch tick", worker)
    deadline = time.monotonic() + timeout
    while digests(place).filter(status__in=[OutboxStatus.PENDING, OutboxStatus.SENDING]).exists():
        if time.monotonic() > deadline:
            pytest.fail("digests are still waiting after the delivery ticks")
        tick = tasks.deliver_outbox.delay(place_id=place.pk)
        wait_for(lambda t=tick: worker.succeeded(t), "a delivery tick", worker)
        time.sleep(2)


def test_killed_while_deciding_the_digests_every_member_gets_exactly_one(
    run, smtp_sink, bucks, digest_readers
):
    people = digest_readers(MEMBERS)
    monday = last_monday_8am()
    first = run.start()

    tasks.dispatch_digests.delay(now=monday.isoformat())  # beat's hourly tick
    decided = wait_for(
        lambda: digests(bucks).count() or None, "the first chunk of digests", first, interval=0.02
    )
    first.kill()

    decided_at_kill = digests(bucks).count()
    assert 0 < decided <= decided_at_kill < len(people), "the kill came after the whole batch"
    assert digests(bucks).count() % 10 == 0, "a chunk's decisions are all or nothing"

    second = run.start()
    beat_ticks_until_done(bucks, second, monday)

    received = smtp_sink.recipients()
    assert {p.email: received[p.email] for p in people} == {p.email: 1 for p in people}
    assert sum(received.values()) == len(people)
    assert digests(bucks).filter(status=OutboxStatus.SENT).count() == len(people)
    print(f"killed after {decided_at_kill} of {len(people)} digests were decided")


def test_killed_while_sending_the_digests_nobody_gets_two_and_the_one_in_flight_is_shown(
    run, smtp_sink, bucks, digest_readers
):
    """The email on the wire at the kill may or may not have arrived: it is never sent again by
    itself (InPlace sends at most once), but is marked failed on the admin's outbox page, where a
    retry sends it with the same Message-ID. Every other member gets exactly one."""
    people = digest_readers(MEMBERS)
    monday = last_monday_8am()
    smtp_sink.handler.delay = 0.02  # each email takes a moment, so the kill lands mid-batch
    first = run.start()

    tasks.dispatch_digests.delay(now=monday.isoformat())
    wait_for(
        lambda: sum(smtp_sink.recipients().values()) >= 30,
        "some digests to be sent",
        first,
        interval=0.05,
    )
    first.kill()
    sent_at_kill = sum(smtp_sink.recipients().values())
    assert sent_at_kill < len(people), "the kill came after the whole batch"

    time.sleep(LEASE_SECONDS)  # until the killed worker's lease on its row runs out
    second = run.start()
    beat_ticks_until_done(bucks, second, monday)

    received = smtp_sink.recipients()
    assert max(received.values()) == 1, "someone was sent two digests"
    assert len(set(smtp_sink.message_ids())) == sum(received.values())
    in_flight = list(digests(bucks).exclude(status=OutboxStatus.SENT))
    assert len(in_flight) <= 1, [(row.to_email, row.status) for row in in_flight]
    for row in in_flight:
        assert row.status == OutboxStatus.FAILED
        assert "The sender stopped while this email was being sent" in row.last_error
        admin = Client()
        admin.force_login(people[0])
        page = admin.get(f"/{bucks.slug}/notifications/outbox/?status=failed")
        assert page.status_code == 200 and row.to_email in page.content.decode()
        if received[row.to_email] == 0:  # it had not arrived: the admin's retry sends it
            response = admin.post(f"/{bucks.slug}/notifications/outbox/{row.pk}/retry/")
            assert response.status_code == 302
            beat_ticks_until_done(bucks, second, monday)

    received = smtp_sink.recipients()
    assert {p.email: received[p.email] for p in people} == {p.email: 1 for p in people}
    print(
        f"killed after {sent_at_kill} of {len(people)} digests were sent; "
        f"in flight at the kill: {[(r.to_email, received[r.to_email]) for r in in_flight]}"
    )
