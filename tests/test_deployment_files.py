"""The docs and docker-compose.yml say what the code does: every variable the settings read is
documented in docs/configuration.md, and the production-like set-up has the services, health
checks and order it promises.

Docker cannot run where the tests run, so the compose file is checked as data, not started.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONFIGURATION = (ROOT / "docs" / "configuration.md").read_text()


def settings_variables():
    source = (ROOT / "coordination" / "settings.py").read_text()
    # env.str("NAME", ...), env.db("NAME"), and environ.Env().str("NAME") before env exists.
    pattern = r"""\b(?:env|Env\(\))(?:\.[a-z]+)?\(\s*["']([A-Z][A-Z0-9_]+)["']"""
    return set(re.findall(pattern, source))


def documented_variables():
    """Names in the first column of the tables in docs/configuration.md."""
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", CONFIGURATION, flags=re.MULTILINE))


def test_every_variable_the_settings_read_is_documented():
    read = settings_variables()
    assert {"DATABASE_URL", "REDIS_URL", "EMAIL_URL", "SECRET_KEY", "INPLACE_VAR_DIR"} <= read
    missing = sorted(read - documented_variables())
    assert not missing, f"Document these in docs/configuration.md's table: {missing}"


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_every_part_with_health_checks():
    services = compose()["services"]
    assert {"postgres", "redis", "web", "worker", "beat", "mailpit", "migrate"} <= services.keys()
    for name in ("postgres", "redis", "mailpit", "web", "worker"):
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no health check"
    # web, worker and beat wait for healthy services and finished migrations.
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        for needed in ("postgres", "redis", "mailpit"):
            assert depends[needed]["condition"] == "service_healthy"
        assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert "DatabaseScheduler" in " ".join(services["beat"]["command"])
    assert services["worker"]["command"][:4] == ["celery", "-A", "coordination", "worker"]


def test_compose_runs_in_production_mode_on_postgres_redis_and_mailpit():
    env = compose()["services"]["web"]["environment"]
    assert env["DEBUG"] == "false"
    assert env["DATABASE_URL"].startswith("postgres://")
    assert env["REDIS_URL"].startswith("redis://redis:")
    assert env["EMAIL_URL"] == "smtp://mailpit:1025"
    assert "SECRET_KEY:?" in env["SECRET_KEY"], "compose must refuse to start without SECRET_KEY"
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "gunicorn" in dockerfile and "coordination.wsgi" in dockerfile


def with_compose_defaults(value):
    """A compose environment value as compose would give it with no variables set (a fresh
    secret where compose insists on one)."""

    def resolve(match):
        name, kind, default = match.groups()
        return secrets.token_urlsafe(50) if kind == ":?" else (default or "")

    return re.sub(r"\$\{([A-Z_]+)(?:(:-|:\?)([^}]*))?\}", resolve, str(value))


def test_compose_defaults_pass_check_deploy(tmp_path):
    web = compose()["services"]["web"]["environment"]
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO", "DEBUG"))
    }
    env.update({name: with_compose_defaults(value) for name, value in web.items()})
    env["INPLACE_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output


def test_compose_serves_only_through_its_tls_proxy():
    services = compose()["services"]
    # gunicorn publishes no port: the proxy is the one way in, so its headers can be believed.
    assert "ports" not in services["web"]
    assert services["web"]["environment"]["TRUSTED_PROXY_COUNT"] == "1"
    proxy = services["proxy"]
    assert {"80:80", "443:443"} <= set(proxy["ports"])
    assert proxy["healthcheck"]["test"]
    assert proxy["depends_on"]["web"]["condition"] == "service_healthy"
    (caddyfile,) = [
        v.split(":")[0] for v in proxy["volumes"] if v.endswith("/etc/caddy/Caddyfile:ro")
    ]
    assert "reverse_proxy web:8000" in (ROOT / caddyfile).read_text()
    assert with_compose_defaults(services["web"]["environment"]["SITE_URL"]).startswith("https://")
