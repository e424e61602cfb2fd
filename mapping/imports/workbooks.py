"""Reading the first sheet of an .xlsx upload, row by row, as the person sees it in a spreadsheet.

The zip is measured before any part is read (a "zip bomb" is refused), the sheet's declared size
is checked before any row, and a formula comes back as its text, never its result.
"""

import zipfile
import zlib
from datetime import date, datetime
from xml.etree.ElementTree import ParseError  # nosec B405 (only the exception; parsing is in xlsxrows)

from django.conf import settings
from django.utils.translation import gettext as _

from coordination.csvfiles import FORMULA_START

from .errors import ImportFileError, thousands, too_many_rows


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# Columns read from a sheet: far more than any import has; cells to the right are not read.
XLSX_MAX_COLUMNS = 100


def _too_complex():
    return ImportFileError(
        _(
            "A row or a text in the workbook is far larger than any import needs. "
            "Save the rows as CSV UTF-8 and upload that."
        )
    )


def _unreadable_xlsx():
    return ImportFileError(_("The file is not a readable .xlsx workbook."))


# What a damaged or crafted workbook makes zipfile, zlib, the XML parser or our reading raise.
XLSX_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    ParseError,
    KeyError,
    IndexError,
    TypeError,
    ValueError,
    EOFError,
    OSError,
    NotImplementedError,  # a compression method zipfile does not have
    RuntimeError,  # an encrypted part
    OverflowError,  # a date far out of range
)


def _check_unpacked_size(uploaded):
    """Refuse a workbook whose parts unpack too large (a "zip bomb") before any part is read.

    The sizes come from the zip's directory; zipfile never reads a part past its listed size.
    """
    limit = settings.IMPORT_MAX_UNPACKED_BYTES
    try:
        uploaded.seek(0)
        with zipfile.ZipFile(uploaded) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except XLSX_ERRORS as exc:
        raise _unreadable_xlsx() from exc
    if unpacked > limit:
        raise ImportFileError(
            _(
                "The workbook unpacks to %(size).1f MB; at most %(max).1f MB is read. Remove "
                "pictures and other sheets, or save the rows as CSV UTF-8."
            )
            % {"size": unpacked / 1024 / 1024, "max": limit / 1024 / 1024}
        )
    uploaded.seek(0)


def xlsx_lines(uploaded, max_rows):
    """(row number, [cell text]) for each row of the first sheet, the header first, streamed."""
    from ..xlsxrows import TooComplex, TooManyTexts, Workbook, WorkbookError

    _check_unpacked_size(uploaded)
    try:
        archive = zipfile.ZipFile(uploaded)
        # The sheet's shared texts: no more than the largest accepted sheet could show.
        book = Workbook(archive, max_texts=(max_rows + 1) * XLSX_MAX_COLUMNS)
        declared = book.declared_rows()
    except TooManyTexts as exc:
        raise too_many_rows(max_rows) from exc
    except TooComplex as exc:
        raise _too_complex() from exc
    except (WorkbookError, *XLSX_ERRORS) as exc:
        raise _unreadable_xlsx() from exc
    try:
        # The size the sheet declares (its <dimension>): refused before any row is read. A size
        # declared too small cuts nothing off: the rows are read as they are.
        if declared is not None and declared > max_rows + 1:
            raise ImportFileError(
                _(
                    "The sheet is %(rows)s rows long; import at most %(max)s rows at a time. "
                    "Split it into parts."
                )
                % {"rows": thousands(declared), "max": thousands(max_rows)}
            )
        rows = book.rows(max_columns=XLSX_MAX_COLUMNS)
        while True:
            try:
                found = next(rows, None)
            except TooComplex as exc:
                raise _too_complex() from exc
            except XLSX_ERRORS as exc:
                raise _unreadable_xlsx() from exc
            if found is None:
                return
            number, cells = found
            if number > max_rows + 1:
                raise too_many_rows(max_rows)
            values = [""] * max(cell.column for cell in cells)
            for cell in cells:
                values[cell.column - 1] = _xlsx_text(cell)
            yield number, values
    finally:
        archive.close()


def _xlsx_text(cell):
    if cell.kind == "f":
        text = str(cell.value)
        return text if text.startswith("=") else "=" + text
    text = _cell_text(cell.value)
    # A text cell is text in the workbook, whatever it starts with: mark it as such.
    if cell.kind == "s" and text.startswith(FORMULA_START):
        text = "'" + text
    return text
