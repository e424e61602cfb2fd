"""Reading an upload into rows: size and kind checked first, then CSV or XLSX read as a stream.

Reading stops at the row limit, so a long or crafted file costs no more time or memory than the
largest file accepted; a file that cannot be read gives ImportFileError with every reason found.
"""

import csv
import io
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coordination.uploads import DATA_IMPORTS
from coordination.uploads.content import XLSX

from .columns import COLUMNS, REQUIRED
from .errors import ImportFileError, too_many_rows
from .workbooks import xlsx_lines

# File-level problems listed at most (a file with a bad byte on every line names the first 20).
MAX_PROBLEMS = 20


def _header(name):
    return re.sub(r"\s+", "_", str(name or "").strip().lower())


def read_table(uploaded, kind):
    """(line, {column: text}) for each row of a CSV or XLSX upload; ImportFileError if unreadable.

    Rows are read one at a time and reading stops at the row limit, so a long or crafted file
    costs no more time or memory than the largest file accepted.
    """
    name = (getattr(uploaded, "name", "") or "").lower()
    max_bytes = settings.IMPORT_MAX_BYTES
    max_rows = settings.IMPORT_MAX_ROWS
    if uploaded.size > max_bytes:
        raise ImportFileError(
            _("The file is %(size).1f MB; the largest accepted is %(max)d MB. Split it into parts.")
            % {"size": uploaded.size / 1024 / 1024, "max": max_bytes // 1024 // 1024}
        )
    if not name.endswith((".csv", ".xlsx")):
        raise ImportFileError(_("Upload a .csv or .xlsx file."))
    uploaded.seek(0)
    raw = uploaded.read(max_bytes + 1)
    if name.endswith(".csv") and b"\x00" in raw and _is_utf8(raw):
        # Text with NUL bytes in it: the rows below say on which lines and in which columns.
        lines = _csv_lines(raw)
    else:
        # Judged by content under the import files policy: a program or web page named .csv, or a
        # workbook packing macros, a program or a zip bomb, is refused before any parser sees it.
        try:
            file_format = DATA_IMPORTS.check_bytes(raw, name=name)
        except ValidationError as exc:
            if name.endswith(".csv") and b"\x00" not in raw:
                _decode(raw)  # text in a spreadsheet's own encoding: advice on saving it as UTF-8
            raise ImportFileError(*exc.messages) from exc
        if file_format is XLSX:
            lines = xlsx_lines(io.BytesIO(raw), max_rows)
        else:
            lines = _csv_lines(raw)
    try:
        header = [_header(h) for h in next(lines)[1]]
    except StopIteration as exc:
        raise ImportFileError(_("The file is empty.")) from exc
    missing = [c for c in REQUIRED[kind] if c not in header]
    if missing:
        lines.close()
        raise ImportFileError(
            _("Line 1: the file has no %(columns)s column. The columns are: %(all)s.")
            % {"columns": ", ".join(missing), "all": ", ".join(COLUMNS[kind])}
        )
    rows = []
    problems = []
    for number, (line, values) in enumerate(lines, start=1):
        if number > max_rows:
            lines.close()
            raise too_many_rows(max_rows)
        if not any(values):
            continue
        cells = dict(zip(header, values, strict=False))
        for column, value in cells.items():
            if "\0" in value and len(problems) < MAX_PROBLEMS:
                problems.append(
                    _(
                        "Line %(line)d, column %(column)s: the cell holds a NUL character "
                        "(a zero byte), which is not text."
                    )
                    % {"line": line, "column": column or "?"}
                )
        rows.append((line, cells))
    if problems:
        # Nothing is kept: a cell cannot be stored (or imported) with the byte in it, and
        # dropping the byte would change what the person wrote.
        raise ImportFileError(
            *problems,
            _("Save the file again from your spreadsheet as “CSV UTF-8”, then upload it."),
        )
    if not rows:
        raise ImportFileError(_("The file has a header line but no rows."))
    return rows


def _is_utf8(raw):
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


def _decode(raw):
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _(
                "The file is not UTF-8 text (a byte at position %(position)d cannot be read). "
                "In your spreadsheet, save it as “CSV UTF-8”."
            )
            % {"position": exc.start}
        ) from exc


def _csv_lines(raw):
    """(line number, [cell text]) for each record of a CSV file, the header first."""
    text = _decode(raw)
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFileError(
                _("Line %(line)d is not valid CSV: %(error)s")
                % {"line": reader.line_num, "error": exc}
            ) from exc
        yield reader.line_num, [v.strip() for v in values]
