"""Which exceptions mean a server InPlace depends on is out of reach (no project imports here, so
the API's throttles and the error handlers can both use it)."""

from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerUnavailable
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# Django's errors for a database that cannot be reached or a connection lost; redis-py's for the
# cache (Django's RedisCache raises them as they are); kombu's for a broker Celery cannot publish to.
DATABASE_ERRORS = (OperationalError, InterfaceError)
CACHE_ERRORS = (RedisConnectionError, RedisTimeoutError)
BROKER_ERRORS = (BrokerUnavailable,)
OUTAGE_ERRORS = DATABASE_ERRORS + CACHE_ERRORS + BROKER_ERRORS


def service_outage(exc):
    """True when ``exc`` (or what it was raised from) says a server we depend on is out of reach."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, OUTAGE_ERRORS):
            return True
        seen.add(id(exc))
        exc = exc.__cause__
    return False
