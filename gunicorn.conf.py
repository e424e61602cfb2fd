"""gunicorn reads this file from the working directory on start (every other setting comes from the
command line: the Dockerfile's CMD). It only keeps Prometheus's multi-process files in order when
PROMETHEUS_MULTIPROC_DIR is set (docs/operations.md; coordination/ops/metrics.py): the directory is
emptied before the workers start, so counts begin at zero with the server, and a worker that exits
hands back its live series.
"""

import os as _os
from pathlib import Path as _Path


def on_starting(server):
    directory = _os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        path = _Path(directory)
        path.mkdir(parents=True, exist_ok=True)
        for stale in path.glob("*.db"):
            stale.unlink()


def child_exit(server, worker):
    if _os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
