"""Visitors' requests with and without the public page cache, under wrk, against gunicorn.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/public_cache.py
    ... bench/public_cache.py --database inplace_bench_cache --duration 5 --redis redis://127.0.0.1:6379/14

Runs against the county-scale database bench/generate.py filled (inplace_bench, or a copy of it
given by --database), in the largest place unless --place says. Starts gunicorn twice as
bench/load.py does (production mode, sync workers), once with PUBLIC_PAGE_CACHE_SECONDS=0 and once
with the cache on, both with the shared cache in Redis (--redis: as production has it; give a
database number nothing else uses). For each route a visitor opens (the place's home page, the
services directory, a service's page, the boards list and the public API's list of services), one
request first (with the cache on, the one that fills the entry), a second to show it came from
the cache (its X-Public-Cache header), then wrk, with no cookie and no
token, prints p50, p95 and requests per second, and the ratio of the p50s.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import (  # noqa: E402
    BENCH_DB,
    WRK,
    WRK_SCRIPT,
    Gunicorn,
    bench_environment,
    check_status,
    free_port,
    run_wrk,
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=BENCH_DB)
    parser.add_argument("--place", help="slug (default: the place with the most services)")
    parser.add_argument("--duration", type=float, default=5, help="seconds of wrk per route")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14", help="the shared cache")
    parser.add_argument(
        "--seconds", type=int, default=300, help="PUBLIC_PAGE_CACHE_SECONDS when on"
    )
    return parser.parse_args()


def routes(place_slug, service_id):
    return [
        ("home", f"/{place_slug}/"),
        ("services directory", f"/{place_slug}/mapping/services/"),
        ("a service", f"/{place_slug}/mapping/services/{service_id}/"),
        ("boards", f"/{place_slug}/boards/"),
        ("API: services", f"/api/v1/places/{place_slug}/services/"),
    ]


def choose(args):
    import django

    django.setup()
    from coordination.places.models import Place
    from mapping.models import Service

    if args.place:
        place = Place.objects.get(slug=args.place)
    else:
        places = Place.objects.order_by("pk")
        place = max(places, key=lambda p: Service.objects.for_place(p).count())
    service = Service.objects.for_place(place).order_by("pk").first()
    return place, service


def measure(args, env, port, urls, script):
    server = Gunicorn("coordination.wsgi:application", port, env, args.workers)
    try:
        server.wait_ready("/healthz")
        figures = {}
        for name, path in urls:
            url = f"http://127.0.0.1:{port}{path}"
            began = time.perf_counter()
            status = check_status(url, {})
            first_ms = (time.perf_counter() - began) * 1000
            if status != 200:
                print(f"  skip {name}: {status}")
                continue
            with urllib.request.urlopen(url, timeout=120) as response:
                second = response.headers.get("X-Public-Cache", "not kept")
            figures[name] = {
                "first_ms": first_ms,
                "second": second,
                **run_wrk(url, {}, args, script),
            }
        return figures
    finally:
        server.stop()


def main():
    args = parse_args()
    if not os.path.exists(WRK):
        sys.exit(f"{WRK} not found: apt-get install wrk")
    tmp = Path(tempfile.mkdtemp(prefix="inplace-public-cache-"))
    try:
        env = bench_environment(args.database, free_port(), tmp)
        env["REDIS_URL"] = args.redis
        os.environ.update(env)
        subprocess.run(
            [str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env={**os.environ},
            check=True,
        )
        place, service = choose(args)
        urls = routes(place.slug, service.pk)
        script = tmp / "report.lua"
        script.write_text(WRK_SCRIPT)
        print(
            f"Place {place.slug}; wrk {args.duration:g} s per route, {args.connections} "
            f"connections, {args.threads} threads, no cookie; gunicorn {args.workers} sync "
            f"workers; cache in {args.redis}; {os.cpu_count()} CPUs"
        )
        results = {}
        for label, seconds in (("off", 0), ("on", args.seconds)):
            port = free_port()
            run_env = {**env, "PUBLIC_PAGE_CACHE_SECONDS": str(seconds)}
            run_env["SITE_URL"] = f"http://127.0.0.1:{port}"
            results[label] = measure(args, run_env, port, urls, script)
        print()
        print(
            "| Route | off: first ms | p50 ms | p95 ms | req/s | on: first ms | second "
            "| p50 ms | p95 ms | req/s | p50 off/on |"
        )
        print("|---|--:|--:|--:|--:|--:|---|--:|--:|--:|--:|")
        for name, _path in urls:
            off, on = results["off"].get(name), results["on"].get(name)
            if not off or not on:
                continue
            ratio = off["p50_ms"] / on["p50_ms"] if on["p50_ms"] else float("nan")
            print(
                f"| {name} | {off['first_ms']:.0f} | {off['p50_ms']:.1f} | {off['p95_ms']:.1f} "
                f"| {off['rps']:.0f} | {on['first_ms']:.0f} | {on['second']} | {on['p50_ms']:.1f} "
                f"| {on['p95_ms']:.1f} | {on['rps']:.0f} | {ratio:.1f}x |"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
