"""A private PgBouncer in transaction mode, on a free loopback port, in front of this run's
PostgreSQL: what docs/scale-out.md puts between the web nodes and workers and the database.

``running_pgbouncer()`` yields a ``PgBouncer`` whose ``database_url()`` other processes
(gunicorn, Celery workers, beat) are given with ``DATABASE_POOLER=pgbouncer``. Its admin console
(``show()``) says how many transactions it carried, so a test can tell its traffic went through.
Skips the test, saying why, when pgbouncer is not installed (.ci/run installs it) or the run is not
on PostgreSQL.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.db import connection

from tests.support.workers import free_port, stop_process

PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"


class PgBouncer:
    def __init__(self, port, user, database, process, log_path):
        self.port, self.user, self.database = port, user, database
        self.process, self.log_path = process, log_path

    def database_url(self):
        return f"postgres://{quote(self.user, safe='')}@127.0.0.1:{self.port}/{self.database}"

    def show(self, what):
        """Rows of the admin console's SHOW <what> (CONFIG, POOLS, STATS, ...), as dicts."""
        admin = psycopg2.connect(
            host="127.0.0.1", port=self.port, user=self.user, dbname="pgbouncer"
        )
        admin.autocommit = True  # the console takes no transactions
        try:
            with admin.cursor() as cursor:
                cursor.execute(f"SHOW {what}")
                names = [column.name for column in cursor.description]
                return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        finally:
            admin.close()

    def setting(self, key):
        return next(row["value"] for row in self.show("CONFIG") if row["key"] == key)

    def transactions(self):
        """How many transactions it has carried to this run's database."""
        rows = [row for row in self.show("STATS") if row["database"] == self.database]
        return sum(int(row["total_xact_count"]) for row in rows)

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def pgbouncer_config(port, host, db_port, user, auth_file):
    return f"""[databases]
* = host={host} port={db_port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {auth_file}
admin_users = {user}
pool_mode = transaction
max_client_conn = 500
default_pool_size = 20
; psycopg2 asks for none; Django may set these at connect time
ignore_startup_parameters = extra_float_digits,options
"""


def pgbouncer_missing():
    """Why this run cannot put a PgBouncer in front of its database, or None when it can."""
    if connection.vendor != "postgresql":
        return f"PgBouncer sits in front of PostgreSQL; this run is on {connection.vendor}"
    if not os.path.exists(PGBOUNCER):
        return f"pgbouncer is not installed ({PGBOUNCER}); .ci/run installs it with apt"
    if connection.settings_dict.get("PASSWORD"):
        return "the test PgBouncer trusts loopback; this run's database needs a password"
    return None


@contextmanager
def running_pgbouncer():
    """A PgBouncer in transaction mode in front of this run's database (skips the test if
    pgbouncer_missing() says why not)."""
    missing = pgbouncer_missing()
    if missing:
        pytest.skip(missing)
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    port = free_port()
    # Not under pytest's private temporary folder: run as root, PgBouncer drops to PostgreSQL's
    # user (it refuses to run as root, and CI's containers are root), which must read its files.
    directory = Path(tempfile.mkdtemp(prefix="inplace-pgbouncer-"))
    directory.chmod(0o755)
    auth_file = directory / "users.txt"
    auth_file.write_text(f'"{user}" ""\n')
    config = directory / "pgbouncer.ini"
    config.write_text(
        pgbouncer_config(
            port, db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432, user, auth_file
        )
    )
    command = [PGBOUNCER]
    if os.geteuid() == 0:
        command += ["-u", "postgres"]
        for path in (auth_file, config):
            path.chmod(0o644)
    log_path = directory / "pgbouncer.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [*command, str(config)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    bouncer = PgBouncer(port, user, db["NAME"], process, log_path)
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                pytest.fail(f"pgbouncer exited:\n{bouncer.log()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"pgbouncer did not listen on {port}:\n{bouncer.log()}")
                time.sleep(0.1)
        yield bouncer
    finally:
        stop_process(process)
        print(f"----- pgbouncer log (tail) -----\n{bouncer.log()[-2000:]}")
        shutil.rmtree(directory, ignore_errors=True)
