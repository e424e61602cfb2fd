"""What operations need to know about the running system (not place data: nothing here is scoped)."""

from django.db import models
from django.utils import timezone


class WorkerHeartbeat(models.Model):
    """The last time each Celery worker ran the heartbeat task (beat queues it every minute).

    /readyz reads the newest: a recent one means beat is ticking and a worker is taking tasks.
    """

    worker = models.CharField(max_length=200, unique=True)
    seen_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.worker} at {self.seen_at:%Y-%m-%d %H:%M:%S}"
