"""Queueing a Celery task once the transaction commits, when the broker may be out of reach.

The change is committed before the task is published, so a broker that is down must not turn the
request into an error (the change is saved; an error page would say otherwise) nor leave the work
undone. ``run_here=True`` does the task in this process instead, as ``task.apply()``, for work a
person is waiting on with no beat tick to pick it up (a mapping import); without it the task is
left to its beat tick (the outbox and webhook deliveries, which beat runs every minute).
"""

import logging

from django.db import transaction

from .outage_errors import BROKER_ERRORS, CACHE_ERRORS

logger = logging.getLogger(__name__)


def queue_on_commit(task, *args, run_here=False, **kwargs):
    def publish():
        try:
            task.delay(*args, **kwargs)
        except BROKER_ERRORS + CACHE_ERRORS as exc:
            if not run_here:
                logger.warning("Could not queue %s, left to beat: %s", task.name, exc)
                return
            logger.warning("Could not queue %s, running it in this process: %s", task.name, exc)
            task.apply(args=args, kwargs=kwargs)

    transaction.on_commit(publish)
