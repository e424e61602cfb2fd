"""What the in-process benchmarks share (bench/my_work.py, bench/pickers.py, bench/search.py):
their arguments, Django set up in production mode (bench/load.py's settings) against the county
bench/generate.py filled, the place to measure, and the queries and time of one address."""

import argparse
import os
import tempfile
import time
from pathlib import Path

from bench.load import BENCH_DB, BENCH_REDIS, bench_environment, with_redis


def arguments(doc):
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--database", default=BENCH_DB)
    parser.add_argument("--place")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument(
        "--redis", default=BENCH_REDIS, help="the shared cache, emptied first ('' for none)"
    )
    return parser.parse_args()


def set_up(args, name):
    """Set Django up on the bench database; the place asked for, or the largest."""
    tmp = Path(tempfile.mkdtemp(prefix=f"inplace-{name}-"))
    os.environ.update(with_redis(bench_environment(args.database, 8000, tmp), args.redis))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count

    from coordination.places.models import Place

    call_command("collectstatic", interactive=False, verbosity=0)  # pages need the manifest
    if args.place:
        return Place.objects.get(slug=args.place)
    return Place.objects.annotate(n=Count("organisations")).order_by("-n", "pk").first()


def measure(client, path, requests):
    """(queries of one request, best and median ms a request over five batches)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)  # warm
    assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    count = len(queries)  # now: the next request empties the connection's log
    batches = []
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(requests):
            client.get(path)
        batches.append((time.perf_counter() - started) / requests * 1000)
    batches.sort()
    return count, batches[0], batches[2]
