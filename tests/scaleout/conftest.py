"""A small cluster on loopback, started once for the module: two gunicorn web nodes and two Celery
workers, on this run's PostgreSQL test database (through a private PgBouncer in transaction mode
when pgbouncer is installed, as docs/scale-out.md lays out) and Redis; and the one Celery beat,
started by the test that needs it (``Cluster.running_beat()``): beat reads its schedules from the
database when it starts, and the test database is emptied between tests.

Every process reads the same settings (tests.support.worker_settings): what the nodes queue on
commit and what beat sends go to this module's own queue, which both workers read and which no
other test's worker does. Each worker writes email to a folder of its own; ``Cluster.messages()``
reads them together.

Under pytest-xdist each test process that runs some of these tests starts a cluster of its own, on
its own test database, Redis database and queue (pytest-xdist's ``--dist loadgroup``, which would
keep them in one process, does nothing under pytest 9).
"""

import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

import pytest

from tests.support.pgbouncer import PgBouncer, pgbouncer_missing, running_pgbouncer
from tests.support.workers import (
    BEAT_READY,
    launch_beat,
    launch_worker,
    new_queue_name,
    publishing_to,
    running_gunicorn,
    wait_for,
    wait_until_ready,
)

# One gunicorn worker process a node, with threads: each node is then one process, whose
# per-process caches (the place of each request) are what a second node does not share.
NODE_OPTIONS = ["--workers", "1", "--threads", "4", "--worker-class", "gthread"]


@dataclass
class Cluster:
    nodes: list  # the web nodes' base URLs
    workers: list
    queue: str
    bouncer: PgBouncer | None
    bouncer_missing: str | None
    env: dict  # what every process of the cluster is started with
    root: object  # the module's folder
    beats: list = field(default_factory=list)

    @contextmanager
    def running_beat(self):
        """The cluster's one `celery beat`, started now (it reads the schedules as they now are)."""
        directory = self.root / f"beat{len(self.beats) + 1}"
        directory.mkdir()
        beat = launch_beat(directory, env=self.env)
        self.beats.append(beat)
        try:
            wait_until_ready(beat, BEAT_READY, "beat to start")
            yield beat
        finally:
            beat.stop()

    def messages(self):
        """Every email the workers sent, from both mail folders."""
        return [message for worker in self.workers for message in worker.messages()]

    def wait_for(self, condition, what, timeout=30):
        """As workers.wait_for, failing early if a worker has exited."""

        def alive_and(condition):
            for process in self.workers:
                if process.process.poll() is not None:
                    pytest.fail(f"{process.log_path.name} exited while waiting for {what}")
            return condition()

        return wait_for(lambda: alive_and(condition), what, timeout=timeout)

    def ran(self, result):
        """Whether one of the workers has run this task (AsyncResult) to its end."""
        return any(worker.succeeded(result) for worker in self.workers)

    def print_logs(self):
        for process in [*self.workers, *self.beats]:
            print(f"----- {process.log_path.name} (tail) -----\n{process.log()[-4000:]}")


# How long each node keeps the places it read (PLACE_CACHE_SECONDS) in these tests.
NODE_PLACE_SECONDS = 2
_last_test_ended = []


@pytest.fixture(autouse=True)
def _nodes_forget_the_last_tests_places():
    """Between tests the database is emptied and the three places are made again, with new ids;
    each node keeps the places it read for NODE_PLACE_SECONDS, so wait that out before the next
    test, or a node would look for the new test's people in the last test's place."""
    if _last_test_ended:
        time.sleep(max(0.0, NODE_PLACE_SECONDS + 0.5 - (time.monotonic() - _last_test_ended[-1])))
    yield
    _last_test_ended.append(time.monotonic())


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, django_db_setup, django_db_blocker):
    root = tmp_path_factory.mktemp("cluster")
    queue = new_queue_name()
    with django_db_blocker.unblock(), ExitStack() as stack:
        missing = pgbouncer_missing()
        bouncer = None if missing else stack.enter_context(running_pgbouncer())
        env = {
            "DJANGO_SETTINGS_MODULE": "tests.support.worker_settings",
            "INPLACE_TEST_QUEUE": queue,
            "LOG_LEVEL": "INFO",
            # Behind a load balancer, as in production: each test's browser gives an address of
            # its own in X-Forwarded-For, so sign-in limits counted by address in the shared cache
            # (which other tests' sign-ins from 127.0.0.1 also fill) are that browser's alone.
            "TRUSTED_PROXY_COUNT": "1",
            "PLACE_CACHE_SECONDS": str(NODE_PLACE_SECONDS),
        }
        if bouncer is not None:
            env |= {"DATABASE_URL": bouncer.database_url(), "DATABASE_POOLER": "pgbouncer"}
        stack.enter_context(publishing_to(queue))
        # Launched side by side; the web nodes are waited for first, then the workers.
        workers = []
        for name in ("worker1", "worker2"):
            (root / name).mkdir()
            workers.append(launch_worker(root / name, queue=queue, env=env, name=name))
            stack.callback(workers[-1].stop)
        nodes = []
        for name in ("node1", "node2"):
            (root / name).mkdir()
            url, _master, _log = stack.enter_context(
                running_gunicorn(root / name, options=NODE_OPTIONS, env=env)
            )
            nodes.append(url)
        for worker in workers:
            wait_until_ready(worker)
        running = Cluster(nodes, workers, queue, bouncer, missing, env, root)
        stack.callback(running.print_logs)
        yield running
