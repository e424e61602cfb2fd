"""Fault-test fixtures: an SMTP server on loopback that the worker processes send to, a private
Redis server to restart, and members with something new for their digest."""

import os
import shutil
import signal
import socket
import subprocess
import time
from collections import Counter
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller

from coordination.accounts.models import Role
from coordination.notifications.models import Notification
from tests.support.notifications import ScriptedSMTPHandler, last_monday_8am
from tests.support.workers import free_port

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


class SMTPSink:
    """A real SMTP server on 127.0.0.1 (aiosmtpd, in a thread of this process)."""

    def __init__(self, handler, port):
        self.handler, self.port = handler, port

    @property
    def email_url(self):
        return f"smtp://127.0.0.1:{self.port}"

    def recipients(self):
        """How many emails each address was sent (accepted by this server)."""
        with self.handler.lock:
            return Counter(message["To"] for message in self.handler.received)

    def message_ids(self):
        return self.handler.message_ids()


@pytest.fixture
def smtp_sink():
    handler = ScriptedSMTPHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SMTPSink(handler, port)
    finally:
        controller.stop()


class RedisServer:
    """A redis-server of this test's own on a free loopback port: stopping it troubles no one."""

    def __init__(self, directory):
        self.port = free_port()
        self.directory = directory
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        command = [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(self.port), "--save", ""]
        command += ["--appendonly", "no", "--daemonize", "no", "--dir", str(self.directory)]
        log = open(self.directory / "redis.log", "ab")  # noqa: SIM115 - kept open by the process
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        pytest.fail(f"redis-server did not start on port {self.port}")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=20)
        self.process = None


@pytest.fixture
def private_redis(tmp_path):
    if not os.environ.get("REDIS_URL"):
        pytest.skip(
            "REDIS_URL is not set: this run uses the filesystem broker, not Redis (CI sets it)"
        )
    if not os.path.exists(REDIS_SERVER):
        pytest.skip(f"no redis-server binary at {REDIS_SERVER}")
    directory = tmp_path / "redis"
    directory.mkdir()
    server = RedisServer(directory)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def digest_readers(bucks, make_member, admin_of):
    """make(n) -> the place admin and n residents of Buckinghamshire, each with something new for
    the Monday 08:00 weekly digest."""

    def make(n):
        bucks.digest_weekday, bucks.digest_hour = 0, 8
        bucks.save(update_fields=["digest_weekday", "digest_hour"])
        admin = admin_of(bucks, email="coordinator@example.org")
        people = [admin] + [
            make_member(bucks, Role.RESIDENT, email=f"reader{i:04d}@example.org") for i in range(n)
        ]
        news = last_monday_8am() - timedelta(days=2)
        Notification.objects.bulk_create(
            Notification(
                place=bucks,
                user=person,
                kind="test.news",
                title="The community fund opens on Friday",
                created_at=news,
            )
            for person in people
        )
        return people

    return make
