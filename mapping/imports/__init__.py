"""Import and export of services, needs and assets as CSV or XLSX.

Reading a file gives rows or file-level problems (not UTF-8, too large, too long, unpacking too
large, missing columns, a NUL byte by line); rows are read as a stream that stops at the limit
(an .xlsx through mapping/xlsxrows.py), so no upload holds a worker for long. Checking
the rows runs every row through the real services inside a transaction that is rolled back, so the
preview reports exactly what importing would (by line and column). Importing runs the same again
for real: everything or nothing, or only the valid rows when the person chooses. A row whose
external id exists is updated, so importing the same file twice changes nothing the second time.

The modules, in the order a file meets them: columns (what each kind of file holds), reading and
workbooks (an upload into rows), rows (one row's cells into fields), running (the rows through
the services), export (the same columns back out). The import's life as a batch (preview, queue,
commit) is in mapping.services.import_batches.
"""

from .columns import (
    ASSET_COLUMNS,
    COLUMNS,
    LIST_SEPARATOR,
    LONG_IMPORT_ROWS,
    NEED_COLUMNS,
    REQUIRED,
    SERVICE_COLUMNS,
    WHOLE_PLACE,
)
from .errors import ImportFileError
from .export import export_csv, export_rows, export_xlsx
from .reading import read_table
from .running import Checked, run
from .workbooks import XLSX_MAX_COLUMNS

__all__ = [
    "ASSET_COLUMNS",
    "COLUMNS",
    "LIST_SEPARATOR",
    "LONG_IMPORT_ROWS",
    "NEED_COLUMNS",
    "REQUIRED",
    "SERVICE_COLUMNS",
    "WHOLE_PLACE",
    "XLSX_MAX_COLUMNS",
    "Checked",
    "ImportFileError",
    "export_csv",
    "export_rows",
    "export_xlsx",
    "read_table",
    "run",
]
