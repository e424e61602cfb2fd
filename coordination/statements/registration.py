"""What the statements plug into the core: what they hold about a person."""

from coordination.personal_data.registry import register_personal_data

from . import personal_data

for _entry in personal_data.ENTRIES:
    register_personal_data(_entry)
