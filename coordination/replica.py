"""Anonymous visitors' reads from a read replica (DATABASE_REPLICA_URL; docs/scale-out.md).

A request that can only read what anyone may see (a GET or HEAD with no session cookie and no
Authorization header: no one signed in, no API token or partner key) reads from the "replica"
database; everything else, and every write, uses the primary ("default"). Writes and locking reads
(``select_for_update``, ``get_or_create``) go to the primary whatever the request, as Django routes
them with ``db_for_write``. With no DATABASE_REPLICA_URL the middleware removes itself and no router
is installed.
"""

from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed

REPLICA = "replica"

_anonymous_read = ContextVar("inplace_anonymous_read", default=False)


def reads_from_replica(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _anonymous_read.get() else None

    def db_for_write(self, model, **hints):
        return None  # the primary

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        if REPLICA not in settings.DATABASES:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        token = _anonymous_read.set(reads_from_replica(request))
        try:
            return self.get_response(request)
        finally:
            _anonymous_read.reset(token)
