"""Profile one page or API route in-process against the bench database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/profile_route.py \
        'api/v1/places/{place}/services/' [--requests 100] [--top 30] [--sort tottime]

Runs in production mode (DEBUG=false, the settings bench/load.py gives gunicorn) with the bench
admin (or --user) signed in (session for pages, token for paths under api/). `{place}` in the path is replaced
by the place with the most organisations (or --place). Prints the time per request, the queries of
one request (with their time) and the functions cProfile ranks highest over the requests.
"""

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coordination.settings")

from bench.load import BENCH_DB, BENCH_REDIS, bench_environment, with_redis  # noqa: E402


def _read(response):
    if response.streaming:
        for _chunk in response.streaming_content:
            pass
        response.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="e.g. 'api/v1/places/{place}/services/' or '{place}/'")
    parser.add_argument("--database", default=BENCH_DB)
    parser.add_argument("--place")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--queries", action="store_true", help="print every query's SQL")
    parser.add_argument(
        "--redis", default=BENCH_REDIS, help="the shared cache, emptied first ('' for none)"
    )
    parser.add_argument("--user", help="the email of the person signed in (default: bench admin)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="inplace-profile-"))
    os.environ.update(with_redis(bench_environment(args.database, 8000, tmp), args.redis))
    import django

    django.setup()
    if not args.path.startswith("api/"):
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)  # pages need the manifest
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.generate import BENCH_ADMIN_EMAIL
    from coordination.accounts.models import User
    from coordination.accounts.tokens import api_token_issue
    from coordination.places.models import Place

    if args.place:
        place = Place.objects.get(slug=args.place)
    else:
        place = Place.objects.annotate(n=Count("organisations")).order_by("-n", "pk").first()
    admin = User.objects.get(email=args.user or BENCH_ADMIN_EMAIL)
    path = "/" + args.path.format(place=place.slug).lstrip("/")
    client = Client()
    if path.startswith("/api/"):
        _row, token = api_token_issue(user=admin)
        headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
    else:
        client.force_login(admin)
        headers = {}

    response = client.get(path, **headers)  # warm: imports, caches, connection
    if os.environ.get("BENCH_GC_FREEZE"):
        import gc

        gc.freeze()
        if os.environ.get("BENCH_GC_THRESHOLD"):
            gc.set_threshold(*map(int, os.environ["BENCH_GC_THRESHOLD"].split(",")))
    # A large file (an open data export) is streamed: its bytes are read as a client would.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    print(f"GET {path}: {response.status_code}, {len(body):,} bytes")
    with CaptureQueriesContext(connection) as queries:
        client.get(path, **headers)
    total = sum(float(q["time"]) for q in queries.captured_queries)
    print(f"{len(queries)} queries, {total * 1000:.1f} ms in the database (one request)")
    if args.queries:
        for query in queries.captured_queries:
            print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:400]}")

    # The best of five batches, the least disturbed by the rest of the machine; and this
    # process's own CPU time (Python's work, without waiting for the database).
    batches, cpu = [], []
    for _ in range(5):
        started, cpu_started = time.perf_counter(), time.process_time()
        for _ in range(args.requests):
            _read(client.get(path, **headers))
        batches.append((time.perf_counter() - started) / args.requests * 1000)
        cpu.append((time.process_time() - cpu_started) / args.requests * 1000)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.requests):
        _read(client.get(path, **headers))
    profiler.disable()
    print(
        f"{min(batches):.2f} ms per request, best of 5 batches of {args.requests} "
        f"(median {sorted(batches)[2]:.2f} ms; without the profiler); "
        f"CPU {min(cpu):.2f} ms (median {sorted(cpu)[2]:.2f} ms)"
    )
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
