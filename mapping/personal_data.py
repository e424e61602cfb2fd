"""What the map holds about a person. Kept on closing, shown as by "Former member": services,
needs, assets and impact figures are the place's map, not the person's."""

from coordination.personal_data.registry import model_data


def _recorded(name, label, field, extra=()):
    return model_data(name, label, [field], ("id", "place_id", *extra))


ENTRIES = (
    _recorded("mapping.services_added", "mapping.Service", "created_by", ("name", "created_at")),
    _recorded(
        "mapping.needs_submitted",
        "mapping.Need",
        "submitted_by",
        ("summary", "severity", "created_at"),
    ),
    _recorded("mapping.assets_added", "mapping.Asset", "created_by", ("name", "created_at")),
    _recorded(
        "mapping.impact_reported",
        "mapping.ServiceImpact",
        "reported_by",
        ("service_id", "year", "quarter", "people_reached", "created_at"),
    ),
    _recorded(
        "mapping.imports",
        "mapping.ImportBatch",
        "created_by",
        ("kind", "filename", "status", "created_at"),
    ),
)
