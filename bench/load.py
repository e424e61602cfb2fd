"""Load: every page and API endpoint of one place under wrk, against gunicorn, with the floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/load.py
    ... bench/load.py --quick                # a smoke run: 1 s per route, the floor's routes only
    ... bench/load.py --only 'api/' --duration 10 --connections 8 --workers 2

Runs against the database bench/generate.py filled (inplace_bench on the DATABASE_URL server).
Starts two gunicorns on loopback with the same options (sync workers, --workers, no access log):
the Django app in its production mode (DEBUG=false, a SECRET_KEY, ALLOWED_HOSTS and SITE_URL for
127.0.0.1 over http, CONN_MAX_AGE=60 as docker-compose.yml sets, static files collected for
whitenoise, the shared cache and broker in Redis, --redis, emptied first) and bench/floor.py. Two
settings differ from production, on purpose: the API rate limits are raised (wrk is one caller
making thousands of requests) and place admins are not made to set up an authenticator app (the
bench signs in without one).

Routes are found as tests/test_query_budgets.py finds them (tests/support/routes.py's URLconf
walk): every GET route taking only the place (pages, API lists), and every detail route reached by
following the links and "url" fields of those pages as the bench admin (generate.py's, every role in
the place). Pages are fetched with the admin's session cookie, the API with their token. Each route
is checked for a 200, then loaded by wrk (/usr/bin/wrk, --threads, --connections, --duration) with a
Lua script whose done() prints p50, p95 and requests per second; the floor's four lists and details
are loaded the same way. API lists are also run in-process at page sizes 1, 50 and 200 to count
their queries: a list whose count rises from 50 to 200 grows with its page (a query per row); one
a page of a single row may need fewer for (a nested prefetch Django skips when the row has none of
the relation, such as a bid's feedback signposts) is shown but does not grow. Prints one table; the
target is a p50 at most 3x the floor's.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coordination.settings")

BENCH_DB = "inplace_bench"
WRK = "/usr/bin/wrk"
TARGET_RATIO = 3.0
# The shared cache and broker, as production has them (a database of its own, emptied first).
BENCH_REDIS = "redis://127.0.0.1:6379/13"
SECRET_KEY = "bench-only-secret-key-not-for-any-real-site-0123456789abcdef"  # noqa: S105

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"p50_us": %d, "p95_us": %d, "requests": %d, "duration_us": %d, "errors": %d, "non2xx": %d}\\n',
    latency:percentile(50), latency:percentile(95), summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""

# API routes bench/floor.py answers (route text after "api/v1/places/<slug:place_slug>/").
FLOOR_RESOURCES = ["services", "organisations", "funding/bids", "tenders"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=BENCH_DB)
    parser.add_argument("--place", help="slug (default: the place with the most organisations)")
    parser.add_argument("--duration", type=float, default=5, help="seconds of wrk per route")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for each app")
    parser.add_argument("--only", help="regex: load only routes whose text matches")
    parser.add_argument("--quick", action="store_true", help="1 s per route, floor routes only")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--redis", default=BENCH_REDIS, help="the shared cache, emptied first ('' for none)"
    )
    return parser.parse_args()


def bench_environment(database, port, tmp):
    """The environment of both gunicorns and of this process (the same SECRET_KEY signs the
    session cookie made here and read there)."""
    import environ

    url = os.environ.get("DATABASE_URL", "")
    config = environ.Env.db_url_config(url) if url else None
    if not config or "postgresql" not in config["ENGINE"]:
        sys.exit("Set DATABASE_URL to the PostgreSQL server bench/generate.py filled.")
    auth = config["USER"] + (f":{config['PASSWORD']}" if config.get("PASSWORD") else "")
    server = f"{config['HOST'] or 'localhost'}" + (f":{config['PORT']}" if config["PORT"] else "")
    return {
        "DATABASE_URL": f"postgres://{auth}@{server}/{database}",
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "CONN_MAX_AGE": "60",
        "MFA_REQUIRED_FOR_ADMINS": "false",
        "API_THROTTLE_ANON": "100000000/min",
        "API_THROTTLE_USER": "100000000/min",
        "API_THROTTLE_PARTNER": "100000000/min",
        "STATIC_ROOT": str(tmp / "static"),
        "INPLACE_VAR_DIR": str(tmp / "var"),
        "LOG_LEVEL": "WARNING",
        "NOTIFICATIONS_DELIVER_ON_COMMIT": "false",
    }


def with_redis(env, url):
    """``env`` with the shared cache and the broker in Redis at ``url``, as production has them,
    that database emptied first (it may hold versions and kept pages of an earlier bench
    database); ``env`` unchanged for an empty ``url`` (each process then has its own memory cache)."""
    if not url:
        return env
    import redis

    redis.Redis.from_url(url).flushdb()
    return {**env, "REDIS_URL": url}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """One gunicorn on loopback, stopped (by its own pid) when the block ends."""

    def __init__(self, app, port, env, workers, chdir=None):
        self.port = port
        command = [
            str(ROOT / ".venv/bin/gunicorn"),
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ]
        if chdir:
            command += ["--chdir", str(chdir)]
        self.process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})

    def wait_ready(self, path):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn on port {self.port} stopped (exit {self.process.returncode})")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5)
                return
            except urllib.error.HTTPError:
                return  # it answered
            except OSError:
                time.sleep(0.3)
        sys.exit(f"gunicorn on port {self.port} did not answer in 60 s")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


# Routes


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href and href.startswith("/"):
                self.hrefs.append(href.split("#")[0])


def _urls_in(response):
    kind = response.get("Content-Type", "")
    if response.streaming:  # a large file (an open data export): no links to follow
        return []
    body = response.content.decode(errors="replace")
    if "json" in kind:
        found = re.findall(r'"(?:url|next)":\s*"https?://[^/"]+(/[^"]*)"', body)
        return [u for u in found if "cursor=" not in u]
    if "html" in kind:
        parser = _Links()
        parser.feed(body)
        return parser.hrefs
    return []


def discover(place, session_client, api_client):
    """(route text, url, is_api) for every place page, API list and reachable detail route."""
    from django.urls import Resolver404, resolve

    from tests.support.routes import PLACE_KWARG, ROUTES, place_pages_to_get

    by_callback = {}
    found = {}
    queue = []
    for route in place_pages_to_get():
        url = route.url({PLACE_KWARG: place.slug})
        if url:
            found[route.text] = (url, route.is_api)
            queue.append((url, route.is_api))
        by_callback.setdefault(id(route.callback), []).append(route)
    for route in ROUTES:
        by_callback.setdefault(id(route.callback), []).append(route)
    seen = set()
    for _depth in range(2):  # the lists, then the details they link to, then theirs
        next_queue = []
        for url, is_api in queue:
            if url in seen:
                continue
            seen.add(url)
            client = api_client if is_api else session_client
            response = client.get(url)
            if response.status_code != 200:
                continue
            for link in _urls_in(response):
                path = link.split("?")[0]
                try:
                    match = resolve(path)
                except Resolver404:
                    continue
                if match.kwargs.get(PLACE_KWARG) != place.slug or len(match.kwargs) < 2:
                    continue
                text = match.route
                if text in found or not text.endswith("/"):
                    continue
                routes = [r for r in by_callback.get(id(match.func), []) if r.text == text]
                if routes and routes[0].methods() is not None and "GET" not in routes[0].methods():
                    continue
                is_api_route = text.startswith("api/")
                found[text] = (path, is_api_route)
                next_queue.append((path, is_api_route))
        queue = next_queue
    return [(text, url, is_api) for text, (url, is_api) in found.items()]


PAGE_SIZES = (1, 50, 200)


def queries_per_page_size(api_client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from coordination.places.selectors import forget_places

    counts = []
    for size in PAGE_SIZES:
        api_client.get(f"{url}?page_size={size}")  # warm
        forget_places()  # count the place's lookup in both (it is kept only a few seconds)
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get(f"{url}?page_size={size}")
        counts.append(len(queries) if response.status_code == 200 else None)
    return counts


# wrk


def run_wrk(url, headers, args, script):
    command = [
        WRK,
        "--threads",
        str(args.threads),
        "--connections",
        str(args.connections),
        "--duration",
        f"{args.duration:g}s",
        "--timeout",
        "30s",
        "--script",
        str(script),
    ]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    return {
        "p50_ms": figures["p50_us"] / 1000,
        "p95_ms": figures["p95_us"] / 1000,
        "rps": figures["requests"] / (figures["duration_us"] / 1e6),
        "errors": figures["errors"] + figures["non2xx"],
    }


def check_status(url, headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def main():
    args = parse_args()
    if args.quick:
        args.duration = min(args.duration, 1)
    if not os.path.exists(WRK):
        sys.exit(f"{WRK} not found: apt-get install wrk")
    tmp = Path(tempfile.mkdtemp(prefix="inplace-load-"))
    port, floor_port = free_port(), free_port()
    env = with_redis(bench_environment(args.database, port, tmp), args.redis)
    os.environ.update(env)
    servers = []
    try:
        subprocess.run(
            [str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env={**os.environ},
            check=True,
        )
        django_app = Gunicorn("coordination.wsgi:application", port, env, args.workers)
        servers.append(django_app)
        floor_app = Gunicorn(
            "floor:application", floor_port, env, args.workers, chdir=ROOT / "bench"
        )
        servers.append(floor_app)
        django_app.wait_ready("/healthz")
        floor_app.wait_ready("/")
        run(args, tmp, port, floor_port)
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def run(args, tmp, port, floor_port):
    import django

    django.setup()
    from django.conf import settings
    from django.db.models import Count
    from django.test import Client
    from rest_framework.test import APIClient

    from bench.generate import BENCH_ADMIN_EMAIL
    from coordination.accounts.models import User
    from coordination.accounts.tokens import api_token_issue
    from coordination.places.models import Place

    if args.place:
        place = Place.objects.get(slug=args.place)
    else:
        place = Place.objects.annotate(n=Count("organisations")).order_by("-n", "pk").first()
    admin = User.objects.get(email=BENCH_ADMIN_EMAIL)
    _row, token = api_token_issue(user=admin)
    session_client = Client()
    session_client.force_login(admin)
    cookie = f"{settings.SESSION_COOKIE_NAME}={session_client.cookies[settings.SESSION_COOKIE_NAME].value}"
    api_client = APIClient()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    started = time.perf_counter()
    routes = discover(place, session_client, api_client)
    api_prefix = "api/v1/places/<slug:place_slug>/"
    floor_routes = {f"{api_prefix}{r}/" for r in FLOOR_RESOURCES}
    floor_routes |= {f"{api_prefix}{r}/<int:pk>/" for r in FLOOR_RESOURCES}
    if args.quick:
        routes = [r for r in routes if r[0] in floor_routes or r[0] == "<slug:place_slug>/"]
    if args.only:
        routes = [r for r in routes if re.search(args.only, r[0])]
    routes.sort(key=lambda r: (not r[2], r[0]))
    print(
        f"Place {place.slug}: {len(routes)} routes to load (found in "
        f"{time.perf_counter() - started:.0f} s); wrk {args.duration:g} s each, "
        f"{args.connections} connections, {args.threads} threads; gunicorn {args.workers} "
        f"sync workers per app; {os.cpu_count()} CPUs"
    )
    script = tmp / "report.lua"
    script.write_text(WRK_SCRIPT)
    rows = []
    for text, url, is_api in routes:
        headers = {"Authorization": f"Token {token}"} if is_api else {"Cookie": cookie}
        began = time.perf_counter()
        status = check_status(f"http://127.0.0.1:{port}{url}", headers)
        row = {"route": text, "url": url, "status": status}
        row["alone_ms"] = (time.perf_counter() - began) * 1000  # one request, nothing queued
        rows.append(row)
        if status != 200:
            print(f"  skip {text}: {status}")
            continue
        row.update(run_wrk(f"http://127.0.0.1:{port}{url}", headers, args, script))
        if text in floor_routes:
            floor = run_wrk(f"http://127.0.0.1:{floor_port}{url}", headers, args, script)
            row["floor_p50_ms"] = floor["p50_ms"]
            row["floor_rps"] = floor["rps"]
            row["ratio"] = row["p50_ms"] / floor["p50_ms"]
        is_list = is_api and text.count("<") == 1
        if is_list:
            row["queries"] = queries_per_page_size(api_client, url)
        print("  " + line(row), flush=True)
    print()
    print(table(rows))
    missed = [r for r in rows if r.get("ratio", 0) > TARGET_RATIO]
    grew = [r for r in rows if r.get("queries") and r["queries"][-1] != r["queries"][-2]]
    fewer = [r for r in rows if r.get("queries") and r["queries"][0] != r["queries"][1]]
    print(
        f"\n{len([r for r in rows if 'p50_ms' in r])} routes loaded; "
        f"{len([r for r in rows if 'ratio' in r])} with a floor, {len(missed)} above "
        f"{TARGET_RATIO:g}x it; {len(grew)} API lists whose queries grow from page size 50 to 200"
        f" ({len(fewer)} with fewer for a page of one row)"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))


def line(row):
    if not row["rps"]:  # not one request finished within --duration under load
        return (
            f"{row['route']:<72} no answer within the run; alone one took {row['alone_ms']:.0f} ms"
        )
    ratio = f"{row['ratio']:.1f}x" if "ratio" in row else ""
    queries = "/".join(str(q) for q in row["queries"]) if row.get("queries") else ""
    errors = f" errors {row['errors']}" if row.get("errors") else ""
    return (
        f"{row['route']:<72} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {row['rps']:>7.1f} "
        f"{row.get('floor_p50_ms', float('nan')):>7.1f} {ratio:>6} {queries:>10}{errors}"
    )


def table(rows):
    head = (
        f"{'route':<72} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7} {'floor':>7} {'ratio':>6} "
        f"{'q@1/50/200':>10}"
    )
    return "\n".join([head, "-" * len(head)] + [line(r) for r in rows if "p50_ms" in r])


if __name__ == "__main__":
    main()
