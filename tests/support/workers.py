"""Real Celery worker processes for tests: started on this test database, on a queue of their own.

A worker gets this run's database (committed data, hence transactional tests), the same broker
(Redis when REDIS_URL is set, else the filesystem folders) unless told otherwise, and writes email
to a folder of its own (or wherever ``EMAIL_URL`` in ``env`` says). Its queue has a name of its
own, so a `make run` worker beside the tests never takes these tasks and this worker never takes
anyone else's. Used by tests/test_celery_worker.py, tests/notifications/, tests/faults/ and
tests/scaleout/ (``launch_worker`` and ``wait_until_ready`` start several side by side).

Also `celery beat` with the production scheduler (``launch_beat``), and gunicorn on loopback
(``running_gunicorn``), for the soak, the metrics tests and the scale-out tests' web nodes.
"""

import email
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import kombu.pools
import pytest
import requests
from django.conf import settings
from django.db import connection

from coordination.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 60
# Django's file email backend ends each message with a line of 79 dashes; one file holds every
# message sent on one connection.
_MAIL_SEPARATOR = re.compile(r"^-{79}$", flags=re.MULTILINE)


def wait_for(condition, what, worker=None, timeout=WAIT_SECONDS, interval=0.2):
    """condition()'s first true value, polling; fails early when the worker died or a task failed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        if worker is not None:
            if worker.process.poll() is not None:
                status = worker.process.returncode
                pytest.fail(f"The worker exited with {status} while waiting for {what}.")
            if "raised unexpected" in worker.log():
                pytest.fail(f"A task failed in the worker while waiting for {what} (log below).")
        time.sleep(interval)
    pytest.fail(f"Timed out after {timeout}s waiting for {what}.")


def database_url_for_worker():
    """The test database, as another process must reach it (pytest-django renamed it)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        name = db["NAME"]
        if str(name).startswith(":memory:") or "mode=memory" in str(name):
            pytest.skip("an in-memory SQLite database cannot be shared with another process")
        return f"sqlite:///{Path(name).resolve()}"
    if connection.vendor == "postgresql":
        credentials = quote(db["USER"] or "", safe="")
        if db.get("PASSWORD"):
            credentials += ":" + quote(db["PASSWORD"], safe="")
        host = db.get("HOST") or "localhost"
        port = f":{db['PORT']}" if db.get("PORT") else ""
        return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"
    pytest.skip(f"no database URL for another process on {connection.vendor}")


def parse_mail_file(path):
    """The messages in one file of Django's file email backend."""
    raw = path.read_text(encoding="utf-8")
    return [
        email.message_from_string(chunk.strip("\n"))
        for chunk in _MAIL_SEPARATOR.split(raw)
        if chunk.strip()
    ]


def text_of(message):
    parts = message.walk() if message.is_multipart() else [message]
    return "\n".join(
        part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
        for part in parts
        if part.get_content_maintype() == "text"
    )


def process_environment(extra=None):
    """The environment another InPlace process (worker, web server) runs with: this run's database,
    site address and settings, plus ``extra``."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_worker(),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "SITE_URL": settings.SITE_URL,
        "PYTHONUNBUFFERED": "1",
    }
    # This test process's own run directory and Redis database, as settings worked them out under
    # pytest-xdist: passed as they are, so the child does not work them out again.
    env.pop("PYTEST_XDIST_WORKER", None)
    env["INPLACE_VAR_DIR"] = str(settings.VAR_DIR)
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    # Settings refuse to start without a SECRET_KEY unless DEBUG: the process inherits this run's.
    env.setdefault("DEBUG", "true")
    env.update(extra or {})
    return env


def stop_process(process, timeout=20):
    """SIGTERM the process group, then SIGKILL it if it is still there after ``timeout``."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class Worker:
    def __init__(self, process, log_path, mail_dir, queue):
        self.process, self.log_path, self.mail_dir, self.queue = process, log_path, mail_dir, queue

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def messages(self):
        return [m for path in sorted(self.mail_dir.glob("*.log")) for m in parse_mail_file(path)]

    def succeeded(self, result):
        return f"[{result.id}] succeeded" in self.log()

    def kill(self):
        """SIGKILL, as the kernel's OOM killer or a lost machine would: no clean-up runs."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def pool_processes(self):
        """The pids of the prefork pool's child processes (the ones that run tasks)."""
        return children_of(self.process.pid)

    def kill_pool_process(self, pid):
        """SIGKILL one pool process, as the OOM killer picks one: the main process stays, sees it
        die and starts another."""
        assert pid in self.pool_processes(), f"{pid} is not one of this worker's pool processes"
        os.kill(pid, signal.SIGKILL)

    def stop(self):
        stop_process(self.process)


# What docker-compose.yml's worker runs: Celery's default prefork pool with two pool processes.
PRODUCTION_POOL = {"pool": "prefork", "concurrency": 2}


def start_worker(directory, *, queue, env=None, name="worker", pool="solo", concurrency=1):
    """A `celery worker` reading only ``queue``, started and ready: one process (the solo pool)
    unless ``pool`` says otherwise (``**PRODUCTION_POOL`` for production's shape)."""
    running = launch_worker(
        directory, queue=queue, env=env, name=name, pool=pool, concurrency=concurrency
    )
    wait_until_ready(running)
    return running


def launch_worker(directory, *, queue, env=None, name="worker", pool="solo", concurrency=1):
    """As start_worker, without waiting for it to be ready (``wait_until_ready``): several
    processes then load Django side by side."""
    mail_dir = directory / "mail"
    mail_dir.mkdir(exist_ok=True)
    log_path = directory / f"{name}.log"
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "coordination",
        "worker",
        f"--pool={pool}",
        f"--concurrency={concurrency}",
        "-l",
        "info",
        "-Q",
        queue,
        "-n",
        f"{queue}-{name}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    environment = process_environment({"EMAIL_URL": f"filemail://{mail_dir}", **(env or {})})
    return Worker(_launch(command, environment, log_path), log_path, mail_dir, queue)


def wait_until_ready(running, ready="ready.", what="the worker to start"):
    """Wait for ``ready`` in the log of a launched worker (or beat); stop it and fail if it does
    not come."""
    try:
        wait_for(lambda: ready in running.log(), what, running)
    except BaseException:
        running.stop()
        print(f"----- log ({running.log_path}) -----\n{running.log()}")
        raise


def _launch(command, environment, log_path):
    with open(log_path, "wb") as log:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


class Beat(Worker):
    """`celery beat` with the production scheduler (django-celery-beat's, reading the schedules
    from the database): it sends no email itself, so it has no mail folder."""

    def messages(self):
        return []


def launch_beat(directory, *, env=None):
    """`celery beat` on this test database, sending to the default queue of its settings (give it
    tests.support.worker_settings and INPLACE_TEST_QUEUE in ``env`` to reach test workers); ready
    once ``wait_until_ready(beat, BEAT_READY)`` returns."""
    log_path = directory / "beat.log"
    command = [sys.executable, "-m", "celery", "-A", "coordination", "beat", "-l", "info"]
    command += ["--schedule", str(directory / "beat-schedule")]  # unused by the database scheduler
    return Beat(_launch(command, process_environment(env), log_path), log_path, None, None)


BEAT_READY = "beat: Starting..."


def new_queue_name():
    return f"inplace-test-{uuid.uuid4().hex[:12]}"


@contextmanager
def publishing_to(queue, broker_url=None):
    """Tasks this process queues (on commit, or by .delay) go to ``queue``, on ``broker_url`` if
    given (else the configured broker), for real: not run eagerly."""
    keys = ("task_default_queue", "task_always_eager", "broker_url")
    saved = {key: celery_app.conf[key] for key in keys}
    celery_app.conf.task_default_queue = queue
    celery_app.conf.task_always_eager = False
    if broker_url:
        _reset_broker_pools(broker_url)
    try:
        yield
    finally:
        if broker_url:
            _reset_broker_pools(saved.pop("broker_url"))
        else:
            saved.pop("broker_url")
        celery_app.conf.update(saved)


def _reset_broker_pools(url):
    # The app caches its connection and producer pools for the broker it first used, and kombu
    # keeps them in its global registry by broker address: closing them without clearing that
    # registry would hand the closed pool back when this broker is used again.
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app.conf.broker_url = url


@contextmanager
def running_worker(directory, *, queue=None, env=None):
    """A worker on a new queue that this process publishes to; stopped and its log printed after."""
    queue = queue or new_queue_name()
    with publishing_to(queue):
        running = start_worker(directory, queue=queue, env=env)
        try:
            yield running
        finally:
            running.stop()
            # Shown by pytest only when the test failed.
            print(f"----- celery worker log ({running.log_path}) -----\n{running.log()}")


def children_of(pid):
    """The pids of the processes whose parent is ``pid`` (read from /proc)."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # it exited meanwhile
            continue
        # "pid (command) state ppid ...": the command may hold spaces and parentheses.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            children.append(int(entry.name))
    return children


def pid_with_tcp_connection(pids, local_port):
    """Which of ``pids`` holds the loopback TCP connection whose local port is ``local_port``."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            next(lines)
            for line in lines:
                fields = line.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == local_port:
                    inodes.add(f"socket:[{fields[9]}]")
    for pid in pids:
        try:
            descriptors = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in descriptors:
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") in inodes:
                    return pid
            except OSError:
                continue
    return None


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_gunicorn(directory, *, options=(), env=None):
    """gunicorn serving this test database on a free loopback port, answering /healthz, with
    ``options`` on its command line: yields (url, master process, log path); stopped and the end
    of its log printed after. It reads gunicorn.conf.py from the project's folder, as in
    production."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "coordination.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--timeout", "60", *options]
    log_path = directory / "gunicorn.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=process_environment(env),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"

    def answers():
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited:\n{log_path.read_text(errors='replace')}")
        try:
            return requests.get(url + "/healthz", timeout=5).status_code == 200
        except (requests.ConnectionError, requests.Timeout):  # not listening, or still loading
            return False

    try:
        wait_for(answers, "gunicorn to answer")
        yield url, process, log_path
    finally:
        stop_process(process)
        print(f"----- gunicorn log (tail) -----\n{log_path.read_text(errors='replace')[-3000:]}")
