"""Every log line says which request (or task) and which place it belongs to.

``RequestIdMiddleware`` gives each request an id (a caller's valid ``X-Request-ID``, else a new one)
and returns it in the response's ``X-Request-ID``; a Celery task's id plays that part in a worker.
It also notes the client's address as coordination.client_address reads it (behind
TRUSTED_PROXY_COUNT proxies), the same address the throttles and sign-in limits count.
``place_scope`` (coordination.places.tenancy) names the place while it is active. The
``ContextFilter`` puts both on every record, and ``JsonFormatter`` writes one JSON object a line
for log collectors (``LOG_FORMAT=json``, the default when ``DEBUG`` is off).
"""

import contextlib
import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from coordination.client_address import client_address

request_id = ContextVar("inplace_request_id", default="-")
place = ContextVar("inplace_place", default="-")
client = ContextVar("inplace_client", default="-")

_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


@contextlib.contextmanager
def bound(var, value):
    token = var.set(value)
    try:
        yield
    finally:
        var.reset(token)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        rid = given if _VALID_ID.match(given) else uuid.uuid4().hex
        request.request_id = rid
        with bound(request_id, rid), bound(client, client_address(request)):
            response = self.get_response(request)
        response["X-Request-ID"] = rid
        return response


class ContextFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request_id.get()
        record.place = place.get()
        record.client = client.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
            "place": getattr(record, "place", "-"),
            "client": getattr(record, "client", "-"),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def bind_celery_task_ids():
    """In a worker, each task's log lines carry its task id as their request id."""
    from celery.signals import task_postrun, task_prerun

    tokens = {}

    @task_prerun.connect(weak=False)
    def _start(task_id=None, **kwargs):
        tokens[task_id] = request_id.set(task_id or "-")

    @task_postrun.connect(weak=False)
    def _end(task_id=None, **kwargs):
        token = tokens.pop(task_id, None)
        if token is not None:
            request_id.reset(token)
