"""The request log's own part of a person's data: their requests to download or close."""

from .personal_data import ENTRIES
from .registry import register_personal_data

for _entry in ENTRIES:
    register_personal_data(_entry)
