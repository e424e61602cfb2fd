"""/healthz says the web process is up; /readyz says it can do its work: database, cache, worker."""

import threading
from collections import Counter
from datetime import timedelta

import pytest
import requests
from django.utils import timezone

from coordination.ops.models import WorkerHeartbeat
from coordination.ops.tasks import heartbeat

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_checking_more_than_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_not_ready_until_a_worker_has_reported(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["cache"] == {"ok": True}
    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["worker"]["detail"] == "No worker has reported yet."
    assert response["Cache-Control"].startswith("max-age=0")


def test_ready_once_the_heartbeat_ran_and_not_when_it_goes_stale(client, settings):
    heartbeat.apply()  # what beat queues every minute, run here
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ready"

    stale = timezone.now() - timedelta(seconds=settings.OPS_HEARTBEAT_MAX_AGE_SECONDS + 1)
    WorkerHeartbeat.objects.update(seen_at=stale)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert (
        "No worker heartbeat in the last 180 seconds."
        in response.json()["checks"]["worker"]["detail"]
    )


def test_a_second_heartbeat_updates_the_same_row():
    heartbeat.apply()
    heartbeat.apply()
    assert WorkerHeartbeat.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_probes_against_a_live_server_do_not_fail_each_other(live_server):
    """Load balancers probe every instance at once; each probe's cache check stands alone."""
    heartbeat.apply()
    statuses = Counter()
    lock = threading.Lock()

    def probe(n):
        with requests.Session() as session:
            for _i in range(n):
                response = session.get(f"{live_server.url}/readyz", timeout=30)
                with lock:
                    statuses[response.status_code] += 1
                    if response.status_code != 200:
                        statuses[str(response.json()["checks"])] += 1

    threads = [threading.Thread(target=probe, args=(40,)) for _i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == {200: 8 * 40}
