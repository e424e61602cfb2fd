"""The docs and docker-compose.yml say what the code does: every variable the settings read is
documented in docs/configuration.md, and the production-like set-up has the services, health
checks and order it promises.

Docker cannot run where the tests run, so the compose file is checked as data, not started.
"""

import re
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
