"""What the audit trail plugs into the core: its part of a person's data."""

from coordination.personal_data.registry import register_personal_data

from . import personal_data

for _entry in personal_data.ENTRIES:
    register_personal_data(_entry)
