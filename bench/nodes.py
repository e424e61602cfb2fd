"""Nodes: requests per second of one web node, of two side by side, and of two behind PgBouncer.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/nodes.py \\
        --database inplace_bench_nodes --duration 5

Runs against a database bench/generate.py filled (a copy of it: nothing is written but sessions).
Starts gunicorn nodes on loopback as bench/load.py does (production mode, sync workers,
``--workers`` each) and loads each public path with wrk, as an anonymous visitor:

1. one node, straight to PostgreSQL;
2. two nodes, straight to PostgreSQL, wrk on both at once (the connections split between them);
3. two nodes through a PgBouncer in transaction mode (``DATABASE_POOLER=pgbouncer``).

Prints requests per second and p50/p95 per node and in all. On one machine the nodes share its
cores, so two nodes show what a second node costs and what PgBouncer adds, not how far a cluster
of machines scales: docs/scale-out.md says how the figures extrapolate.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import WRK, WRK_SCRIPT, Gunicorn, bench_environment, free_port  # noqa: E402

PATHS = ["/{place}/", "/api/v1/places/{place}/services/", "/{place}/mapping/services/"]
PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="inplace_bench")
    parser.add_argument("--place", default="buckinghamshire")
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per path")
    parser.add_argument("--connections", type=int, default=8, help="in all, split over nodes")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers per node")
    parser.add_argument("--timeout", type=int, default=10, help="wrk's per-request timeout, s")
    parser.add_argument(
        "--scenarios", default="1,2,pgbouncer", help="which of 1 (node), 2 (nodes), pgbouncer"
    )
    parser.add_argument("--json", help="also write the figures to this file")
    return parser.parse_args()


def start_pgbouncer(tmp, server_url):
    """A PgBouncer in transaction mode on a free port in front of the DATABASE_URL server."""
    import environ

    config = environ.Env.db_url_config(server_url)
    port = free_port()
    directory = tmp / "pgbouncer"
    directory.mkdir()
    directory.chmod(0o755)
    user = config["USER"] or "postgres"
    (directory / "users.txt").write_text(f'"{user}" ""\n')
    (directory / "pgbouncer.ini").write_text(
        f"[databases]\n* = host={config['HOST'] or '127.0.0.1'} port={config['PORT'] or 5432}\n"
        f"[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {directory / 'users.txt'}\npool_mode = transaction\n"
        "max_client_conn = 500\ndefault_pool_size = 20\n"
        "ignore_startup_parameters = extra_float_digits,options\n"
    )
    for name in ("users.txt", "pgbouncer.ini"):
        (directory / name).chmod(0o644)
    command = [PGBOUNCER] + (["-u", "postgres"] if os.geteuid() == 0 else [])
    process = subprocess.Popen(
        [*command, str(directory / "pgbouncer.ini")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1)
    if process.poll() is not None:
        sys.exit("pgbouncer did not start")
    return process, port, user


def wrk(url, connections, args, script):
    out = subprocess.run(
        [
            WRK,
            "--threads",
            "1",
            "--connections",
            str(connections),
            "--duration",
            f"{args.duration}s",
        ]
        + ["--timeout", f"{args.timeout}s", "--script", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    seconds = figures["duration_us"] / 1e6
    return {
        "rps": figures["requests"] / seconds,
        "p50_ms": figures["p50_us"] / 1000,
        "p95_ms": figures["p95_us"] / 1000,
        "errors": figures["errors"],  # connect, read, write, timeout
        "non2xx": figures["non2xx"],
    }


def load(nodes, path, args, script):
    """wrk on every node at once, the connections split between them."""
    each = max(1, args.connections // len(nodes))
    with ThreadPoolExecutor(len(nodes)) as pool:
        return list(
            pool.map(
                lambda node: wrk(f"http://127.0.0.1:{node.port}{path}", each, args, script),
                nodes,
            )
        )


def scenario(name, count, env, args, script, rows):
    nodes = []
    try:
        for _ in range(count):
            port = free_port()
            nodes.append(
                Gunicorn(
                    "coordination.wsgi:application",
                    port,
                    {**env, "SITE_URL": f"http://127.0.0.1:{port}"},
                    args.workers,
                )
            )
        for node in nodes:
            node.wait_ready("/healthz")
        for template in PATHS:
            path = template.format(place=args.place)
            load(nodes, path, args, script)  # warm: each node reads its caches once
            per_node = load(nodes, path, args, script)
            rows.append({"scenario": name, "path": path, "nodes": per_node})
            print(line(rows[-1]), flush=True)
    finally:
        for node in nodes:
            node.stop()


def line(row):
    total = sum(n["rps"] for n in row["nodes"])
    nodes = "  ".join(
        f"{n['rps']:7.1f} req/s p50 {n['p50_ms']:6.1f} p95 {n['p95_ms']:6.1f} ms"
        + (f" ({n['errors']} errors)" if n["errors"] else "")
        + (f" ({n['non2xx']} not 2xx)" if n["non2xx"] else "")
        for n in row["nodes"]
    )
    return f"{row['scenario']:<24} {row['path']:<40} all {total:7.1f} req/s | {nodes}"


def main():
    args = parse_args()
    if not os.path.exists(WRK):
        sys.exit(f"{WRK} not found: apt-get install wrk")
    tmp = Path(tempfile.mkdtemp(prefix="inplace-nodes-"))
    tmp.chmod(0o755)
    env = bench_environment(args.database, 0, tmp)
    env["LOG_LEVEL"] = "ERROR"
    script = tmp / "done.lua"
    script.write_text(WRK_SCRIPT)
    rows = []
    bouncer = None
    try:
        subprocess.run(
            [str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env={**os.environ, **env},
            check=True,
        )
        print(
            f"wrk {args.duration} s a path, {args.connections} connections in all, "
            f"{args.workers} sync worker(s) a node, {os.cpu_count()} CPUs"
        )
        wanted = args.scenarios.split(",")
        if "1" in wanted:
            scenario("1 node", 1, env, args, script, rows)
        if "2" in wanted:
            scenario("2 nodes", 2, env, args, script, rows)
        if "pgbouncer" not in wanted:
            pass
        elif os.path.exists(PGBOUNCER):
            bouncer, port, user = start_pgbouncer(tmp, os.environ["DATABASE_URL"])
            pooled = {
                **env,
                "DATABASE_URL": f"postgres://{user}@127.0.0.1:{port}/{args.database}",
                "DATABASE_POOLER": "pgbouncer",
            }
            scenario("2 nodes via PgBouncer", 2, pooled, args, script, rows)
        else:
            print(f"(no {PGBOUNCER}: the PgBouncer figures are left out)")
    finally:
        if bouncer is not None:
            bouncer.terminate()
            bouncer.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
