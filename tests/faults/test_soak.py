"""A soak: gunicorn on loopback, asked for the public pages and API lists of the three places at a
fixed rate for INPLACE_SOAK_SECONDS (60 by default, as CI runs it), with no error and flat memory.

Memory is the resident set (VmRSS) of the gunicorn worker process, sampled every few seconds: the
median of the last minute (the last quarter of a shorter run) must stay within 10% or 20 MB of the
median just after the warm-up. The figures are printed for the CI log. `-m "not soak"` leaves it
out; INPLACE_SOAK_SECONDS=20 makes a quick local run, INPLACE_SOAK_SECONDS=1800 the long one (a
benchmark to run before a release, not in CI).
"""

import os
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from coordination.places.models import Place
from tests.support.workers import running_gunicorn

pytestmark = [pytest.mark.soak, pytest.mark.django_db(transaction=True)]

RATE = 20  # requests a second
SAMPLE_EVERY = 2  # seconds between memory samples
PAGES = [
    "/{slug}/",
    "/{slug}/boards/",
    "/{slug}/funding/",
    "/{slug}/commissioning/",
    "/{slug}/mapping/services/",
    "/{slug}/open-data/",
    "/api/v1/places/{slug}/services/",
    "/api/v1/places/{slug}/organisations/",
    "/api/v1/places/{slug}/tenders/",
    "/api/v1/places/{slug}/boards/",
    "/api/v1/places/{slug}/meetings/",
    "/api/v1/places/{slug}/assets/",
]


def soak_seconds():
    return int(os.environ.get("INPLACE_SOAK_SECONDS", "60"))


def rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmRSS for process {pid}")


def worker_pid(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return int(children[0]) if children else None


@pytest.fixture
def gunicorn(tmp_path):
    # Throttling would answer 429 to a steady 20 requests a second from one address: the
    # anonymous budget and the per-person one (which counts an anonymous caller by address).
    env = {"API_THROTTLE_ANON": "1000000/min", "API_THROTTLE_USER": "1000000/min"}
    env["LOG_LEVEL"] = "WARNING"
    options = ["--workers", "1", "--threads", "4", "--worker-class", "gthread"]
    with running_gunicorn(tmp_path, options=options, env=env) as running:
        yield running


def test_soak_at_a_fixed_rate_with_no_errors_and_flat_memory(gunicorn):
    url, master, _log = gunicorn
    paths = [t.format(slug=s) for s in Place.objects.values_list("slug", flat=True) for t in PAGES]
    assert len(paths) == 3 * len(PAGES)
    pid = worker_pid(master.pid)
    assert pid, "gunicorn has no worker process"

    duration = soak_seconds()
    local = threading.local()
    lock = threading.Lock()
    latencies, errors, samples = [], [], []

    def fetch(path):
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        started = time.perf_counter()
        try:
            response = session.get(url + path, timeout=30, allow_redirects=False)
            status = response.status_code
        except requests.RequestException as exc:
            status = type(exc).__name__
        elapsed = time.perf_counter() - started
        with lock:
            latencies.append(elapsed)
            if not (isinstance(status, int) and 200 <= status < 400):
                errors.append((path, status))

    start = time.monotonic()
    next_sample = start
    sent = 0
    with ThreadPoolExecutor(max_workers=8) as pool:
        while (now := time.monotonic()) < start + duration:
            if now >= next_sample:
                samples.append((now - start, rss_kib(pid)))
                next_sample += SAMPLE_EVERY
            due = int((now - start) * RATE)
            while sent < due:
                pool.submit(fetch, paths[sent % len(paths)])
                sent += 1
            time.sleep(0.005)
    elapsed = time.monotonic() - start
    samples.append((elapsed, rss_kib(pid)))

    assert worker_pid(master.pid) == pid, "the gunicorn worker was restarted during the soak"
    warm_up = min(60, duration / 4)
    window = min(60, duration / 4)
    after_warm_up = [kib for t, kib in samples if warm_up <= t < warm_up + window]
    last = [kib for t, kib in samples if t >= elapsed - window]
    baseline, final = statistics.median(after_warm_up), statistics.median(last)
    ordered = sorted(latencies)
    print(
        f"\nsoak: {len(latencies)} requests in {elapsed:.0f}s ({len(latencies) / elapsed:.1f}/s, "
        f"target {RATE}/s), {len(errors)} errors; latency p50 {ordered[len(ordered) // 2] * 1000:.0f}"
        f" ms, p95 {ordered[int(len(ordered) * 0.95)] * 1000:.0f} ms, max {ordered[-1] * 1000:.0f}"
        f" ms; worker RSS first {samples[0][1] / 1024:.1f} MB, after warm-up (median)"
        f" {baseline / 1024:.1f} MB, last (median) {final / 1024:.1f} MB, peak"
        f" {max(kib for _t, kib in samples) / 1024:.1f} MB"
    )
    assert not errors, f"{len(errors)} requests failed, e.g. {errors[:10]}"
    assert len(latencies) >= 0.9 * RATE * duration, "the requests did not keep to the rate"
    allowed = max(0.10 * baseline, 20 * 1024)
    assert final - baseline <= allowed, (
        f"memory grew from {baseline / 1024:.1f} MB to {final / 1024:.1f} MB"
    )
