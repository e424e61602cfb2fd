"""Run the web server and a Celery worker with embedded beat together; Ctrl-C stops both.

Started by scripts/run.sh after migrations and the demo data. Each process runs in its own
process group so that stopping it also stops its children (runserver's reloader, beat); if
either process dies, the other is stopped too, so a half-running platform is never left behind.
"""

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STOP_GRACE_SECONDS = 20


def commands(port):
    python = sys.executable
    return {
        # runserver reloads on code changes; DEBUG=true (run.sh's default) serves static files.
        "web": [python, "manage.py", "runserver", f"127.0.0.1:{port}"],
        # One worker consumes tasks and runs beat's schedule (from the database). Gossip, mingle
        # and heartbeats only serve clusters of workers; on the filesystem broker they pile up.
        "worker": [
            python,
            "-m",
            "celery",
            "-A",
            "coordination",
            "worker",
            "--beat",
            "--scheduler",
            "django_celery_beat.schedulers:DatabaseScheduler",
            "--loglevel",
            "INFO",
            "--concurrency",
            "2",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
    }


def relay(name, stream, colour):
    """Copy a child's output to ours, each line prefixed with the child's name."""
    prefix = f"\033[{colour}m{name:<6}|\033[0m " if sys.stdout.isatty() else f"{name:<6}| "
    for line in iter(stream.readline, b""):
        sys.stdout.write(prefix + line.decode(errors="replace"))
        sys.stdout.flush()


def wait_until_serving(url, processes, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes.values()):
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (our own http URL)
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def kill_group(process, signum):
    try:
        os.killpg(process.pid, signum)
    except (ProcessLookupError, PermissionError):
        pass


def stop(processes):
    """SIGTERM, then SIGKILL after a grace period; nothing of either process group survives."""
    for name, process in processes.items():
        if process.poll() is not None:
            continue
        if name == "worker":
            # Celery's main process shuts its pool and beat down itself (a warm shutdown
            # finishes running tasks); signalling the pool processes directly would only
            # make it report them as lost.
            process.send_signal(signal.SIGTERM)
        else:
            # runserver's reloader does not pass SIGTERM on to the server it runs.
            kill_group(process, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for name, process in processes.items():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            print(f"{name} did not stop within {STOP_GRACE_SECONDS}s; killing it.", flush=True)
        kill_group(process, signal.SIGKILL)  # whatever is left of the group
        process.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sign-ins", help="file holding the demo sign-ins printed by seed_demo")
    args = parser.parse_args()

    port = os.environ.get("PORT", "8000")
    site_url = os.environ.get("SITE_URL", f"http://127.0.0.1:{port}")
    stopping = threading.Event()
    processes = {}

    def on_signal(signum, frame):
        if stopping.is_set():  # a second Ctrl-C: stop waiting for a graceful exit
            for process in processes.values():
                kill_group(process, signal.SIGKILL)
        stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for (name, command), colour in zip(commands(port).items(), ("36", "35"), strict=True):
        processes[name] = subprocess.Popen(  # noqa: S603 (fixed commands, no shell)
            command,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env=env,
        )
        output = processes[name].stdout
        threading.Thread(target=relay, args=(name, output, colour), daemon=True).start()

    exit_code = 0
    if wait_until_serving(f"http://127.0.0.1:{port}/healthz", processes):
        var_dir = os.environ.get("INPLACE_VAR_DIR", "var")
        broker = "Redis" if os.environ.get("REDIS_URL") else f"a filesystem broker under {var_dir}/"
        mail = os.environ.get("EMAIL_URL") or f"files in {var_dir}/mail/"
        lines = [
            "",
            f"InPlace is running at {site_url}/",
            f"Worker and beat on {broker}; emails go to {mail}.",
        ]
        if args.sign_ins and Path(args.sign_ins).is_file():
            lines += ["", Path(args.sign_ins).read_text().rstrip()]
        lines += ["", "Press Ctrl-C to stop the web server and the worker.", ""]
        print("\n".join(lines), flush=True)
    elif not stopping.is_set():
        print("The web server did not start; stopping.", file=sys.stderr, flush=True)
        exit_code = 1

    while not stopping.is_set() and exit_code == 0:
        for name, process in processes.items():
            if process.poll() is not None:
                print(
                    f"{name} exited with status {process.returncode}; stopping the rest.",
                    file=sys.stderr,
                    flush=True,
                )
                exit_code = 1
        stopping.wait(0.5)

    print("Stopping InPlace...", flush=True)
    stop(processes)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
