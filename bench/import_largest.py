"""Benchmark: read the largest import file accepted (CSV and XLSX), and the files crafted to hurt.

    DEBUG=true .venv/bin/python bench/import_largest.py [--rows 20000]

Times mapping.imports.read_table, the part of an import that runs in the web request (checking
the rows runs on the worker for a file this long: bench/mapping.py times that), and prints its
peak Python memory (tracemalloc, a second run; the process's peak resident size so far beside it,
which includes building the files). Wall and CPU seconds both: on a busy machine CPU is the figure. The files:
- the largest CSV: IMPORT_MAX_ROWS rows of every services column, just under IMPORT_MAX_BYTES;
- the same rows as XLSX, and a widest XLSX (every column read, unpacking to just under
  IMPORT_MAX_UNPACKED_BYTES);
- refused files: an XLSX declaring 2,000,000 rows, a 5 MB CSV of a million rows, a zip bomb.
Needs no database. Targets: each accepted file read in a few seconds, peak memory in tens of MB;
each refused file refused in well under a second.
"""

import argparse
import io
import os
import resource
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coordination.settings")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=None, help="default: IMPORT_MAX_ROWS")
    return parser.parse_args()


def service_row(i, width):
    """A full services row; the description pads it to about `width` bytes of CSV."""
    row = [
        f"bench-{i}",
        f"Service {i}",
        "Bench Trust",
        "Food;Money and debt",
        "Ward 1;Ward 2",
        "Carers",
        "no",
        "in person;online",
        "",
        f"{i} High Street",
        "SM1 1AA",
        "51.36100",
        "-0.19200",
        "40",
        "Anyone living in the borough",
        "Sam Smith",
        "sam@example.org",
        "+44 20 8770 5000",
        "https://example.org/",
        "active",
    ]
    used = sum(len(c) + 1 for c in row)
    row[8] = ("Help with food and bills, every weekday. " * 20)[: max(0, width - used)]
    return row


def build_csv(rows, max_bytes):
    from mapping.imports import SERVICE_COLUMNS

    width = (max_bytes - 400) // rows - 4
    lines = [",".join(SERVICE_COLUMNS)]
    lines += [",".join(service_row(i, width)) for i in range(rows)]
    return ("\r\n".join(lines) + "\r\n").encode()


def xlsx(rows_iter):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows_iter:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def unpacked(raw):
    return sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(raw)).infolist())


def build_wide_xlsx(rows, limit):
    """Rows as wide as fits: one-letter cells, as many columns as unpack to just under the limit
    (the width is measured on a 200-row sample, then the sheet is built once)."""
    from mapping.imports import SERVICE_COLUMNS, XLSX_MAX_COLUMNS

    def build(width, count):
        extra = [f"extra_{n}" for n in range(width - len(SERVICE_COLUMNS))]
        header = (SERVICE_COLUMNS + extra)[:width]
        return xlsx([header] + [[f"w{i}"] + ["x"] * (width - 1) for i in range(count)])

    base = unpacked(build(len(SERVICE_COLUMNS), 0))
    per_cell = (unpacked(build(XLSX_MAX_COLUMNS, 200)) - base) / (200 * XLSX_MAX_COLUMNS)
    width = min(XLSX_MAX_COLUMNS, int((limit - base) * 0.97 / (per_cell * rows)))
    return build(max(width, len(SERVICE_COLUMNS)), rows)


def declared_huge_xlsx():
    raw = xlsx(
        [["external_id", "name", "organisation", "themes", "areas"], ["s1", "a", "b", "c", "d"]]
    )
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                text = data.decode()
                if "<dimension" in text:
                    text = text.replace('<dimension ref="A1:E2"', '<dimension ref="A1:Z2000000"')
                else:
                    text = text.replace("<sheetData", '<dimension ref="A1:Z2000000"/><sheetData', 1)
                data = text.encode()
            target.writestr(info.filename, data)
    return out.getvalue()


def zip_bomb(limit):
    """A small workbook with a part of zeros that unpacks to 25 times the limit (built in chunks)."""
    rows = [["external_id", "name", "organisation", "themes", "areas"], ["s1", "a", "b", "c", "d"]]
    book = io.BytesIO(xlsx(rows))
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(book, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/media/padding.bin", "w", force_zip64=True) as part:
            for _ in range(limit * 25 // len(chunk)):
                part.write(chunk)
    return book.getvalue()


def million_row_csv(max_bytes):
    header = b"external_id,name,organisation,themes,areas\n"
    line = b"a,b,c,d,e\n"
    return header + line * ((max_bytes - len(header)) // len(line))


def measure(name, raw, kind="services"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mapping import imports

    def read():
        try:
            return f"{len(imports.read_table(SimpleUploadedFile(name, raw), kind)):,} rows read"
        except imports.ImportFileError as exc:
            return "refused: " + exc.messages[0]

    started, cpu = time.perf_counter(), time.process_time()
    outcome = read()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    tracemalloc.start()
    read()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = len(raw) / 1024 / 1024
    extra = ""
    if name.endswith(".xlsx"):
        extra = f", unpacks to {unpacked(raw) / 1024 / 1024:.1f} MB"
    print(f"{name}: {size:.2f} MB{extra}")
    print(
        f"    {seconds:.2f} s ({cpu:.2f} s CPU), peak {peak / 1024 / 1024:.1f} MB traced, "
        f"process peak {rss:.0f} MB resident so far"
    )
    print(f"    {outcome[:110]}")


def main():
    args = parse_args()
    import django

    django.setup()
    from django.conf import settings

    rows = args.rows or settings.IMPORT_MAX_ROWS
    max_bytes = settings.IMPORT_MAX_BYTES
    limit = settings.IMPORT_MAX_UNPACKED_BYTES
    print(
        f"limits: {settings.IMPORT_MAX_ROWS:,} rows, {max_bytes / 1024 / 1024:.1f} MB per file, "
        f"{limit / 1024 / 1024:.1f} MB unpacked"
    )
    largest_csv = build_csv(rows, max_bytes)
    measure("largest.csv", largest_csv)
    text = largest_csv.decode().splitlines()
    measure("largest.xlsx", xlsx(line.split(",") for line in text))
    measure("widest.xlsx", build_wide_xlsx(rows, limit))
    measure("declares-2-million-rows.xlsx", declared_huge_xlsx())
    measure("million-rows.csv", million_row_csv(max_bytes))
    measure("zip-bomb.xlsx", zip_bomb(limit))


if __name__ == "__main__":
    main()
