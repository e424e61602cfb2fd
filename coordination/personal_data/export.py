"""Writing a person's data as a zip: one JSON file with everything, and one CSV per kind of row.

Rows are streamed from each registration's collector straight into the files (the JSON through a
temporary file beside the zip), so memory stays flat however much a person holds. Collectors run
with the place scopes lifted: the rows are chosen by the person, across every place of theirs.
"""

import csv
import io
import json
import os
import tempfile
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from coordination.csvfiles import escape_formula, plain_cell
from coordination.places.tenancy import scopes_disabled

from .registry import registered

JSON_NAME = "your-data.json"
README_NAME = "README.txt"
README = """Everything InPlace holds about you, as asked for on {date}.

{json_name} holds all of it; each CSV file holds one kind of row, for a spreadsheet.
Columns named you_<something> say in which role a row names you (for example you_member, you_recorded_by).
Ids (place_id, board_id and so on) are InPlace's own numbers for the places and records named.
"""


def _cell(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return escape_formula(plain_cell(value))


def write_export(user, target):
    """Write ``user``'s data as a zip to the binary file ``target``; returns {name: rows}."""
    counts = {}
    with (
        zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        tempfile.TemporaryFile("w+", encoding="utf-8") as json_out,
        scopes_disabled(),
    ):
        json_out.write(
            '{"generated_at": ' + json.dumps(timezone.now().isoformat()) + ', "sections": {'
        )
        for index, entry in enumerate(registered()):
            json_out.write(("," if index else "") + json.dumps(entry.name) + ": [")
            counts[entry.name] = 0
            with archive.open(f"{entry.name}.csv", "w") as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                writer = csv.writer(text)
                header = None
                for row in entry.collect(user):
                    if header is None:
                        header = list(row)
                        writer.writerow(header)
                    writer.writerow([_cell(row.get(column)) for column in header])
                    json_out.write(
                        ("," if counts[entry.name] else "")
                        + json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False)
                    )
                    counts[entry.name] += 1
                text.flush()
                text.detach()
            json_out.write("]")
        json_out.write("}}")
        json_out.flush()
        json_out.seek(0)
        with archive.open(JSON_NAME, "w") as raw:
            while chunk := json_out.read(64 * 1024):
                raw.write(chunk.encode("utf-8"))
        archive.writestr(
            README_NAME,
            README.format(date=timezone.localdate().isoformat(), json_name=JSON_NAME),
        )
    return counts


def export_name(request_id):
    """Where a request's file is kept in private storage: a random name, never served by URL."""
    return f"personal_data/exports/{request_id}-{os.urandom(16).hex()}.zip"
