"""Settings for the worker processes of the fault tests: the site's settings, with the worker's own
queue as its default queue, so what it queues on commit (outbox delivery) comes back to it, as in
production, and small digest chunks, so a digest batch is many transactions."""

import os

from coordination.settings import *  # noqa: F403

CELERY_TASK_DEFAULT_QUEUE = os.environ["INPLACE_TEST_QUEUE"]
NOTIFICATIONS_DIGEST_CHUNK = int(os.environ.get("INPLACE_TEST_DIGEST_CHUNK", "250"))
