"""The person's own requests to download their data or close their account. Kept on closing: the
log shows each request was answered, for RETENTION_REQUEST_LOG_DAYS."""

from .registry import model_data

ENTRIES = (
    model_data(
        "personal_data.requests",
        "personal_data.DataRequest",
        ["user"],
        ("id", "kind", "status", "requested_at", "completed_at", "expires_at"),
    ),
)
