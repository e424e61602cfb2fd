"""One place's data to a file and back (manage.py export_place / import_place).

What a place owns is found from the app registry, so a model added later is carried with no change
here: every model with a foreign key to Place (PlaceScoped and the like), and a model linked to
places many-to-many whose rows belong to this place alone. Rows are written with Django's "python"
serializer (its field values, files as their stored names) and their old primary keys; the import
inserts them with new keys in dependency order and rewrites every foreign key and many-to-many link
through a map of old to new keys, so it works in a database that already holds other places.

Global rows that the place's rows point at (people, organisations, communities, shared themes,
programmes shared with other places) are written with the fields that find them again (SHARED);
the import links to the row it finds, or creates it from the file. Uploaded files are embedded in
base64, so the file is the whole place. Some rows are left out on purpose (EXCLUDED): secrets that
must not work in two places, and logs of deliveries already made.
"""

from .carried import EXCLUDED, SHARED, TransferError, owned_models, owned_queryset
from .exporting import export_place, write_export
from .importing import import_place, read_export

__all__ = [
    "EXCLUDED",
    "SHARED",
    "TransferError",
    "export_place",
    "import_place",
    "owned_models",
    "owned_queryset",
    "read_export",
    "write_export",
]
