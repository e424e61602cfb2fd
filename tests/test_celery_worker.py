"""A real Celery round trip: a worker process, started here, sends the invitation email from the
place's outbox.

The worker gets this test database (committed data, hence transactional tests), the same broker
(Redis when REDIS_URL is set, else the filesystem folders) and writes emails to a temporary
folder. Its queue has a name of its own, so a `make run` worker beside the tests never takes
these tasks and this worker never takes anyone else's.
"""

import email
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from coordination.accounts.models import Role
from coordination.accounts.services import invitation_create
from coordination.celery import app as celery_app
from coordination.notifications.models import OutboxEmail, OutboxStatus
from coordination.notifications.tasks import deliver_outbox
from coordination.ops.tasks import heartbeat

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
WAIT_SECONDS = 60


def wait_for(condition, what, worker, timeout=WAIT_SECONDS):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        if worker.process.poll() is not None:
            status = worker.process.returncode
            pytest.fail(f"The worker exited with {status} while waiting for {what}.")
        if "raised unexpected" in worker.log():
            pytest.fail(f"A task failed in the worker while waiting for {what} (its log is below).")
        time.sleep(0.2)
    pytest.fail(f"Timed out after {timeout}s waiting for {what}.")


def database_url_for_worker():
    """The test database, as the worker must reach it (pytest-django renamed it for this run)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        name = db["NAME"]
        if str(name).startswith(":memory:") or "mode=memory" in str(name):
            pytest.skip("an in-memory SQLite database cannot be shared with a worker process")
        return f"sqlite:///{Path(name).resolve()}"
    if connection.vendor == "postgresql":
        credentials = quote(db["USER"] or "", safe="")
        if db.get("PASSWORD"):
            credentials += ":" + quote(db["PASSWORD"], safe="")
        host = db.get("HOST") or "localhost"
        port = f":{db['PORT']}" if db.get("PORT") else ""
        return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"
    pytest.skip(f"no worker database URL for {connection.vendor}")


class Worker:
    def __init__(self, process, log_path, mail_dir, queue):
        self.process, self.log_path, self.mail_dir, self.queue = process, log_path, mail_dir, queue

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def messages(self):
        return [parse_mail_file(p) for p in sorted(self.mail_dir.glob("*.log"))]


def parse_mail_file(path):
    """Django's file email backend writes the message followed by a line of 79 dashes."""
    raw = path.read_text(encoding="utf-8").rstrip()
    if raw.endswith("-" * 79):
        raw = raw[:-79].rstrip()
    return email.message_from_string(raw)


def text_of(message):
    parts = message.walk() if message.is_multipart() else [message]
    return "\n".join(
        part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
        for part in parts
        if part.get_content_maintype() == "text"
    )


@pytest.fixture
def worker(tmp_path, transactional_db):
    queue = f"inplace-test-{uuid.uuid4().hex[:12]}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    log_path = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_worker(),
        "EMAIL_URL": f"filemail://{mail_dir}",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "SITE_URL": settings.SITE_URL,
        "PYTHONUNBUFFERED": "1",
    }
    # Settings refuse to start without a SECRET_KEY unless DEBUG: the worker inherits this run's.
    env.setdefault("DEBUG", "true")
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "coordination",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "-l",
        "info",
        "-Q",
        queue,
        "-n",
        f"{queue}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    running = Worker(process, log_path, mail_dir, queue)

    # This process publishes to the worker's queue; tasks queued on commit run for real.
    saved = {key: celery_app.conf[key] for key in ("task_default_queue", "task_always_eager")}
    celery_app.conf.task_default_queue = queue
    celery_app.conf.task_always_eager = False
    try:
        wait_for(lambda: "ready." in running.log(), "the worker to start", running)
        yield running
    finally:
        celery_app.conf.update(saved)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        # Shown by pytest only when the test failed.
        print(f"----- celery worker log ({log_path}) -----\n{running.log()}")


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

    from .webhooks.receiver import Receiver

    admin = admin_of(bucks)
    with Receiver() as receiver:
        subscription = subscription_create(
            place=bucks,
            actor=admin,
            name="Council CRM",
            url=receiver.url,
            events=["organisation.create"],
        )
        organisation_create(place=bucks, actor=admin, name="Chiltern Foodbank", kind="cio")

        ((headers, body),) = wait_for(lambda: receiver.received, "the webhook delivery", worker)
    assert signing.verify(subscription.secret, body, headers[signing.HEADER])
    assert headers["X-InPlace-Event"] == "organisation.create"
