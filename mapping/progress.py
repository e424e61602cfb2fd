"""How far a long import has got, kept outside the database.

The import runs in one transaction (so nothing is half-imported), and nobody else can see its
writes until it commits; the progress is therefore a small file under MEDIA_ROOT, which the web
process reads while the worker writes it (replaced atomically, never read half-written).
"""

import json
import os
from pathlib import Path

from django.conf import settings


def _path(batch_pk):
    return Path(settings.MEDIA_ROOT) / "mapping" / "import-progress" / f"{int(batch_pk)}.json"


def write(batch_pk, done, total):
    path = _path(batch_pk)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps({"done": done, "total": total}))
    os.replace(partial, path)


def read(batch_pk):
    try:
        data = json.loads(_path(batch_pk).read_text())
    except (OSError, ValueError):
        return None
    return data["done"], data["total"]


def clear(batch_pk):
    _path(batch_pk).unlink(missing_ok=True)
