"""Production settings: `check --deploy` is clean, and production refuses to start without a secret.

Each check runs manage.py in a fresh process, because settings are read once, at start-up.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Variables that would make the child a development run (some set by test fixtures, such as
# DJANGO_ALLOW_ASYNC_UNSAFE for Playwright) rather than production as a deployment sets it.
DEVELOPMENT_ONLY = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def manage(*args, env, tmp_path):
    child_env = {key: value for key, value in os.environ.items() if key not in DEVELOPMENT_ONLY}
    child_env.update(env)
    child_env["INPLACE_VAR_DIR"] = str(tmp_path)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env():
    return {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "inplace.example.org",
        "SITE_URL": "https://inplace.example.org",
    }


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = manage("check", "--deploy", env=production_env(), tmp_path=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output and "?: (" not in output, output


@pytest.mark.parametrize("secret", ["", None], ids=["empty", "unset"])
def test_production_settings_refuse_to_load_without_a_secret_key(tmp_path, secret):
    env = production_env()
    if secret is None:
        del env["SECRET_KEY"]
        if (ROOT / ".env").exists():
            pytest.skip(".env may supply SECRET_KEY to a run where it is unset")
    else:
        env["SECRET_KEY"] = secret  # set but empty: a .env file cannot fill it in either
    result = manage("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Set SECRET_KEY" in result.stderr


def test_collectstatic_works_with_production_storage(tmp_path):
    """Production serves hashed, compressed files; every url() the built CSS names must exist."""
    if (ROOT / "package.json").exists() and not (ROOT / "static" / "build").is_dir():
        pytest.skip("front-end assets not built: run `npm run build` (make test does)")
    env = {**production_env(), "STATIC_ROOT": str(tmp_path / "staticfiles")}
    result = manage("collectstatic", "--noinput", env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert (tmp_path / "staticfiles" / "staticfiles.json").is_file()


IS_SECURE = (
    "from django.test import RequestFactory; "
    "print('secure' if RequestFactory().get('/', HTTP_X_FORWARDED_PROTO='https').is_secure() "
    "else 'plain')"
)


@pytest.mark.parametrize(
    ("proxies", "expected"), [(None, "plain"), ("0", "plain"), ("1", "secure")]
)
def test_x_forwarded_proto_is_believed_only_behind_a_trusted_proxy(tmp_path, proxies, expected):
    env = production_env()
    if proxies is not None:
        env["TRUSTED_PROXY_COUNT"] = proxies
    result = manage("shell", "-c", IS_SECURE, env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


def test_a_negative_proxy_count_is_refused(tmp_path):
    result = manage(
        "check", env={**production_env(), "TRUSTED_PROXY_COUNT": "-1"}, tmp_path=tmp_path
    )
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT is a number of proxies" in result.stderr


REDIRECTS = (
    "from django.http import HttpResponse; from django.middleware.security import "
    "SecurityMiddleware; from django.test import RequestFactory; "
    "m = SecurityMiddleware(lambda r: HttpResponse()); "
    "print(*[getattr(m.process_request(RequestFactory().get(p, HTTP_HOST='inplace.example.org')), "
    "'status_code', 'served') for p in ('/healthz', '/readyz', '/metrics', '/')])"
)


def test_health_checks_and_metrics_answer_over_plain_http_on_the_host(tmp_path):
    # They ask gunicorn directly, not through the proxy; everything else goes to https.
    result = manage("shell", "-c", REDIRECTS, env=production_env(), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "served served served 301"


# DATABASE_POOLER: behind PgBouncer in transaction mode no server-side cursor is used and a
# connection to the pooler is kept for a minute; an unknown pooler is refused at start-up.

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


STORAGE_OPTIONS = (
    "from django.core.files.storage import storages\n"
    "files, exports = storages['default'], storages['exports']\n"
    "print(type(files).__name__)\n"
    "print(type(exports).__name__, files.default_acl, files.location or '-',"
    " files.file_overwrite, files.querystring_auth, exports.location or '-',"
    " files.bucket_name, files.endpoint_url)"
)


def test_a_bucket_moves_uploads_and_built_files_to_private_s3_storage(tmp_path):
    env = production_env() | {
        "STORAGE_S3_BUCKET": "inplace-files",
        "STORAGE_S3_ENDPOINT_URL": "https://minio.example.org",
    }
    result = manage("shell", "-c", STORAGE_OPTIONS, env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    kind, options = result.stdout.strip().splitlines()[-2:]
    assert kind == "S3Storage"
    assert options.split() == [
        "S3Storage",
        "private",  # no public ACL on any object
        "media",
        "False",  # an upload never replaces another of the same name
        "True",  # any URL the library makes is signed and short-lived
        "-",
        "inplace-files",
        "https://minio.example.org",
    ]


def test_without_a_bucket_files_stay_on_the_filesystem(tmp_path):
    result = manage(
        "shell",
        "-c",
        "from django.core.files.storage import default_storage, storages\n"
        "print(type(storages['default']).__name__, type(storages['exports']).__name__)",
        env=production_env(),
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "FileSystemStorage FileSystemStorage"
