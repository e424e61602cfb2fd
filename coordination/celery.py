"""The one Celery app: broker from REDIS_URL, or a filesystem broker when there is no Redis."""

import os
from urllib.parse import urlparse

from celery import Celery

from coordination import log_context

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coordination.settings")

app = Celery("inplace")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# A task's log lines carry its id, as a request's carry the request id (settings.LOGGING).
log_context.bind_celery_task_ids()


@app.on_after_configure.connect
def _make_broker_folders(sender, **kwargs):
    # The filesystem transport and the file result backend need their folders before first use.
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "control_folder", "processed_folder"):
        if options.get(key):
            os.makedirs(options[key], exist_ok=True)
    backend = sender.conf.result_backend or ""
    if backend.startswith("file://"):
        os.makedirs(urlparse(backend).path, exist_ok=True)
