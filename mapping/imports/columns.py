"""The columns of each kind of file, which are required, and how their cells are written.

The same columns are read by an import and written by an export, so an exported file can be
changed in a spreadsheet and imported again.
"""

from ..models import ImportKind

# Files longer than this are imported by the worker, with a progress bar, not in the request.
LONG_IMPORT_ROWS = 500
LIST_SEPARATOR = ";"
WHOLE_PLACE = "whole place"

SERVICE_COLUMNS = [
    "external_id",
    "name",
    "organisation",
    "themes",
    "areas",
    "communities",
    "specialist",
    "delivery",
    "description",
    "address",
    "postcode",
    "latitude",
    "longitude",
    "weekly_capacity",
    "eligibility",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website",
    "status",
    "opening_hours",
]
NEED_COLUMNS = [
    "external_id",
    "area",
    "theme",
    "summary",
    "severity",
    "communities",
    "indicator_value",
    "indicator_unit",
    "indicator_source",
    "indicator_date",
    "evidence_url",
]
ASSET_COLUMNS = [
    "external_id",
    "kind",
    "name",
    "area",
    "description",
    "availability",
    "postcode",
    "latitude",
    "longitude",
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_consent",
]
COLUMNS = {
    ImportKind.SERVICES: SERVICE_COLUMNS,
    ImportKind.NEEDS: NEED_COLUMNS,
    ImportKind.ASSETS: ASSET_COLUMNS,
}
REQUIRED = {
    ImportKind.SERVICES: ["external_id", "name", "organisation", "themes", "areas"],
    ImportKind.NEEDS: ["external_id", "area", "theme", "summary"],
    ImportKind.ASSETS: ["external_id", "kind", "name"],
}
# Model field -> column, for rule violations raised by the services.
FIELD_COLUMNS = {
    "themes": "themes",
    "theme": "theme",
    "areas": "areas",
    "area": "area",
    "whole_place": "areas",
    "is_specialist": "specialist",
    "in_person": "delivery",
    "online": "delivery",
    "by_phone": "delivery",
    "contact_consent": "contact_consent",
    "schedules": "opening_hours",
}
DELIVERY = {
    "in person": "in_person",
    "online": "online",
    "phone": "by_phone",
    "by phone": "by_phone",
}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
