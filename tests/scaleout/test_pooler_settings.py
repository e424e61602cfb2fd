"""DATABASE_POOLER: behind PgBouncer in transaction mode no server-side cursor is used and a
connection to the pooler is kept for a minute; an unknown pooler is refused at start-up.

Settings are read once, at start-up, so each case runs manage.py in a fresh process.
"""

import pytest

from tests.test_settings import manage, production_env

DATABASE = (
    "from django.db import connection; s = connection.settings_dict; "
    "print(s.get('DISABLE_SERVER_SIDE_CURSORS', False), s['CONN_MAX_AGE'])"
)


@pytest.mark.parametrize(
    ("pooler", "conn_max_age", "expected"),
    [
        ("", None, "False 0"),
        ("pgbouncer", None, "True 60"),
        ("pgbouncer", "5", "True 5"),  # CONN_MAX_AGE still says how long, when it is set
    ],
)
def test_behind_pgbouncer_there_are_no_server_side_cursors(
    tmp_path, pooler, conn_max_age, expected
):
    env = {**production_env(), "DATABASE_URL": "postgres://inplace@127.0.0.1:6432/inplace"}
    env["DATABASE_POOLER"] = pooler
    env.pop("CONN_MAX_AGE", None)
    if conn_max_age is not None:
        env["CONN_MAX_AGE"] = conn_max_age
    result = manage("shell", "-c", DATABASE, env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


def test_an_unknown_pooler_is_refused(tmp_path):
    env = {**production_env(), "DATABASE_POOLER": "pgpool"}
    result = manage("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert 'DATABASE_POOLER is "pgbouncer" or empty' in result.stderr
