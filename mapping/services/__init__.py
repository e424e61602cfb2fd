"""Changes to a place's map: services, needs, assets, impact, area outlines and vocabulary
additions, each audited.

One module per thing that changes; views, the API, imports, tasks and the demo seeder call them
through this package (`from mapping import services`).
"""

from .analysis import analysis_compute, analysis_refresh_soon
from .assets import asset_create, asset_remove, asset_update
from .directory import (
    service_create,
    service_create_many,
    service_remove,
    service_update,
    service_verify,
)
from .impacts import impact_record
from .import_batches import (
    import_check,
    import_check_queued,
    import_commit,
    import_queue,
    import_run_check,
    import_run_queued,
)
from .needs import need_create, need_remove, need_update
from .outlines import outline_remove, outline_set, outline_upload
from .vocabulary import community_add, theme_add

__all__ = [
    "analysis_compute",
    "analysis_refresh_soon",
    "asset_create",
    "asset_remove",
    "asset_update",
    "community_add",
    "impact_record",
    "import_check",
    "import_check_queued",
    "import_commit",
    "import_queue",
    "import_run_check",
    "import_run_queued",
    "need_create",
    "need_remove",
    "need_update",
    "outline_remove",
    "outline_set",
    "outline_upload",
    "service_create",
    "service_create_many",
    "service_remove",
    "service_update",
    "service_verify",
    "theme_add",
]
