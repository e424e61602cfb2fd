"""Prometheus metrics at /metrics: off without METRICS_TOKEN, for the token's holder only, counting
requests by URL pattern, and adding up every gunicorn worker in multi-process mode."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import requests
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from coordination.notifications.models import OutboxStatus
from coordination.notifications.services import outbox_enqueue
from coordination.ops.models import WorkerHeartbeat
from tests.support.workers import running_gunicorn

TOKEN = "metrics-token-for-tests-only"  # noqa: S105
PLACE_ROUTE = "api/v1/places/<slug:place_slug>/"


def samples(text):
    """{(sample name, frozenset of labels): value} of an exposition."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def requests_counted(values, route, status="200", method="GET"):
    labels = frozenset({"method": method, "route": route, "status": status}.items())
    return values.get(("inplace_http_requests_total", labels), 0)


@pytest.fixture
def metrics_on(settings):
    settings.METRICS_TOKEN = TOKEN
    return Client()  # a new client loads the middleware with the token set


def scrape(client):
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200, response.content
    return samples(response.content.decode())


def test_without_a_token_there_are_no_metrics(client, db):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 404


def test_only_the_tokens_holder_reads_them(metrics_on, db):
    for header in ({}, {"HTTP_AUTHORIZATION": "Bearer wrong"}, {"HTTP_AUTHORIZATION": TOKEN}):
        refused = metrics_on.get("/metrics", **header)
        assert refused.status_code == 401
        assert refused["WWW-Authenticate"].startswith("Bearer")
        assert b"inplace_http" not in refused.content
    answer = metrics_on.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/plain; version=")


def test_requests_are_counted_by_url_pattern_not_path(metrics_on, bucks, sutton):
    before = scrape(metrics_on)
    for slug in ("buckinghamshire", "sutton", "buckinghamshire"):
        assert metrics_on.get(f"/api/v1/places/{slug}/").status_code == 200
    assert metrics_on.get("/api/v1/places/nowhere/").status_code == 404
    assert metrics_on.get("/no/such/page/").status_code == 404
    after = scrape(metrics_on)

    assert requests_counted(after, PLACE_ROUTE) - requests_counted(before, PLACE_ROUTE) == 3
    assert (
        requests_counted(after, PLACE_ROUTE, "404") - requests_counted(before, PLACE_ROUTE, "404")
        == 1
    )
    assert (
        requests_counted(after, "<unmatched>", "404")
        - requests_counted(before, "<unmatched>", "404")
        == 1
    )
    assert not any("buckinghamshire" in str(labels) for _, labels in after)
    duration = (
        "inplace_http_request_duration_seconds_count",
        frozenset({"method": "GET", "route": PLACE_ROUTE}.items()),
    )
    assert after[duration] - before.get(duration, 0) == 4


def test_the_worker_heartbeat_and_the_outbox_are_read_when_scraped(metrics_on, bucks, sutton):
    values = scrape(metrics_on)
    assert (
        values[("inplace_worker_heartbeat_age_seconds", frozenset())]
        != values[("inplace_worker_heartbeat_age_seconds", frozenset())]
    )  # NaN: no worker has reported
    WorkerHeartbeat.objects.create(worker="w1", seen_at=timezone.now() - timedelta(seconds=90))
    for place, n in ((bucks, 2), (sutton, 1)):
        for i in range(n):
            outbox_enqueue(
                place=place,
                key=f"metrics-test-{place.slug}-{i}",
                to_email="someone@example.org",
                kind="test",
                subject="Hello",
                text_body="Hello",
                deliver=False,
            )
    values = scrape(metrics_on)
    assert 90 <= values[("inplace_worker_heartbeat_age_seconds", frozenset())] < 120
    pending = frozenset({"status": OutboxStatus.PENDING}.items())
    failed = frozenset({"status": OutboxStatus.FAILED}.items())
    assert values[("inplace_outbox_emails", pending)] == 3  # every place's, counted together
    assert values[("inplace_outbox_emails", failed)] == 0


@pytest.mark.django_db(transaction=True)
def test_every_gunicorn_worker_is_added_up(tmp_path):
    # Two workers count in their own processes; whichever answers /metrics adds up all of them.
    env = {
        "METRICS_TOKEN": TOKEN,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prometheus"),
        "API_THROTTLE_ANON": "1000000/min",
        "API_THROTTLE_USER": "1000000/min",
        "LOG_LEVEL": "WARNING",
    }
    (tmp_path / "prometheus").mkdir()
    (tmp_path / "prometheus" / "counter_1.db").write_bytes(b"")  # stale: emptied at start
    with running_gunicorn(tmp_path, options=["--workers", "2"], env=env) as (url, _master, _log):
        with ThreadPoolExecutor(8) as pool:  # at once, so both workers answer some
            statuses = list(
                pool.map(
                    lambda _: requests.get(url + "/api/v1/places/", timeout=10).status_code,
                    range(30),
                )
            )
        assert statuses == [200] * 30
        counted_by = {path.stem for path in (tmp_path / "prometheus").glob("counter_*.db")}
        assert len(counted_by) == 2, counted_by  # one file per worker (the stale one is gone)
        totals = set()
        for _ in range(6):
            scraped = requests.get(
                url + "/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10
            )
            assert scraped.status_code == 200, scraped.text
            totals.add(requests_counted(samples(scraped.text), "api/v1/places/"))
        assert totals == {30}
