"""A Celery worker (prefork, two pool processes, as docker-compose.yml runs it) killed with SIGKILL
in the middle of a digest batch, then restarted; or one of its pool processes killed mid-send.

Everything a worker decides is in the database: each digest is an outbox row whose unique
dedupe key is written in the same transaction as the decision (in chunks), and delivery claims one
row at a time with a lease. So after a kill, what production does next (a new worker, beat's
hourly dispatch tick and every-minute delivery tick) finishes the batch, and nobody gets two.

The worker sends to a real SMTP server on loopback, which counts what it accepted for each address.
"""

import asyncio
import itertools
import threading
import time

import pytest
from django.test import Client

from coordination.notifications import tasks
from coordination.notifications.models import DIGEST_KIND, OutboxEmail, OutboxStatus
from tests.support.notifications import last_monday_8am
from tests.support.workers import (
    PRODUCTION_POOL,
    new_queue_name,
    pid_with_tcp_connection,
    publishing_to,
    start_worker,
    wait_for,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

MEMBERS = 300  # residents, plus the place admin
LEASE_SECONDS = 5


def digests(place):
    return OutboxEmail.objects.for_place(place).filter(kind=DIGEST_KIND)


def worker_env(queue, smtp_sink, **extra):
    return {
        "DJANGO_SETTINGS_MODULE": "tests.support.worker_settings",
        "INPLACE_TEST_QUEUE": queue,
        "INPLACE_TEST_DIGEST_CHUNK": "10",  # thirty-odd decision transactions in the batch
        "EMAIL_URL": smtp_sink.email_url,
        # A row left "sending" by the killed worker is judged abandoned after this.
        "NOTIFICATIONS_SENDING_LEASE_SECONDS": str(LEASE_SECONDS),
        **extra,
    }


class Run:
    """One worker after another on the same queue, each as production runs it (prefork, two pool
    processes); all are stopped at the end."""

    def __init__(self, tmp_path, smtp_sink):
        self.tmp_path, self.smtp_sink = tmp_path, smtp_sink
        self.queue = new_queue_name()
        self.workers = []

    def start(self):
        name = f"worker{len(self.workers) + 1}"
        env = worker_env(self.queue, self.smtp_sink)
        self.workers.append(
            start_worker(self.tmp_path, queue=self.queue, env=env, name=name, **PRODUCTION_POOL)
        )
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


def test_a_pool_process_killed_mid_send_leaves_its_email_may_have_been_delivered_not_doubled(
    run, smtp_sink, bucks, digest_readers
):
    """The mail server accepted an email; the pool process sending it was killed before it heard
    the reply and recorded it. That email is marked "may have been delivered", never sent again by
    itself, and the admin's retry asks first (the admin, who knows it arrived, says no). Every
    member gets exactly one digest."""
    people = digest_readers(MEMBERS)
    monday = last_monday_8am()
    held = HoldOneReply(smtp_sink.handler, after=30)
    worker = run.start()
    assert len(worker.pool_processes()) == 2

    tasks.dispatch_digests.delay(now=monday.isoformat())
    wait_for(held.holding.is_set, "the 31st digest to be accepted", worker, interval=0.02)
    sender = wait_for(
        lambda: pid_with_tcp_connection(worker.pool_processes(), held.peer_port),
        "the pool process sending it",
        worker,
    )
    worker.kill_pool_process(sender)
    held.release.set()
    wait_for(lambda: sender not in worker.pool_processes(), "the killed process to go", worker)
    in_flight = held.recipient
    assert smtp_sink.recipients()[in_flight] == 1  # it did arrive

    time.sleep(LEASE_SECONDS)  # until the killed process's lease on its row runs out
    beat_ticks_until_done(bucks, worker, monday)

    assert len(worker.pool_processes()) == 2, "the worker did not replace its pool process"
    received = smtp_sink.recipients()
    assert {p.email: received[p.email] for p in people} == {p.email: 1 for p in people}
    assert sum(received.values()) == len(people)
    assert len(set(smtp_sink.message_ids())) == len(people)
    (row,) = digests(bucks).exclude(status=OutboxStatus.SENT)
    assert (row.to_email, row.status) == (in_flight, OutboxStatus.MAYBE_SENT)
    assert "The sender stopped while this email was being sent" in row.last_error

    admin = Client()
    admin.force_login(people[0])
    outbox = f"/{bucks.slug}/notifications/outbox/"
    page = admin.get(f"{outbox}?status=maybe_sent").content.decode()
    assert in_flight in page and "May have been delivered" in page
    asked = admin.post(f"{outbox}{row.pk}/retry/", {"status": "maybe_sent"})
    assert asked.status_code == 200
    assert "This email may have been delivered already" in asked.content.decode()
    # The admin checks with the member, who has it, and goes back without sending it again.
    beat_ticks_until_done(bucks, worker, monday)
    row.refresh_from_db()
    assert row.status == OutboxStatus.MAYBE_SENT
    assert smtp_sink.recipients()[in_flight] == 1


class HoldOneReply:
    """Accepts the (after + 1)-th message, then holds back the server's "250" reply until
    ``release`` is set: the email has arrived, and its sender has not heard so."""

    def __init__(self, handler, *, after):
        self.holding, self.release = threading.Event(), threading.Event()
        self.peer_port = self.recipient = None
        accepted = handler.handle_DATA
        count = itertools.count()

        async def handle_data(server, session, envelope):
            reply = await accepted(server, session, envelope)
            if next(count) == after:
                self.peer_port = session.peer[1]
                self.recipient = envelope.rcpt_tos[0]
                self.holding.set()
                while not self.release.is_set():
                    await asyncio.sleep(0.01)
            return reply

        handler.handle_DATA = handle_data
