"""Import and export of services, needs and assets as CSV or XLSX.

Reading a file gives rows or file-level problems (not UTF-8, too large, too long, unpacking too
large, missing columns, a NUL byte by line); rows are read as a stream that stops at the limit
(an .xlsx through mapping/xlsxrows.py), so no upload holds a worker for long. Checking
the rows runs every row through the real services inside a transaction that is rolled back, so the
preview reports exactly what importing would (by line and column). Importing runs the same again
for real: everything or nothing, or only the valid rows when the person chooses. A row whose
external id exists is updated, so importing the same file twice changes nothing the second time.
"""

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import ParseError  # nosec B405 (only the exception; parsing is in xlsxrows)

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coordination.accounts.permissions import can
from coordination.csvfiles import FORMULA_START, escape_formula, is_number, plain_cell
from coordination.errors import RuleViolation
from coordination.organisations.selectors import organisations_in_place
from coordination.places.selectors import areas_for_place
from coordination.uploads import DATA_IMPORTS
from coordination.uploads.content import XLSX

from .. import selectors, services
from ..models import (
    UK_POSTCODE,
    Asset,
    AssetKind,
    ImportKind,
    Need,
    Service,
    ServiceStatus,
    Severity,
    normalise_postcode,
)

# Files longer than this are imported by the worker, with a progress bar, not in the request.
LONG_IMPORT_ROWS = 500
LIST_SEPARATOR = ";"
# File-level problems listed at most (a file with a bad byte on every line names the first 20).
MAX_PROBLEMS = 20
WHOLE_PLACE = "whole place"

SERVICE_COLUMNS = [
    "external_id",
    "name",
    "organisation",
    "themes",
    "areas",
    "communities",
    "specialist",
    "delivery",
    "description",
    "address",
    "postcode",
    "latitude",
    "longitude",
    "weekly_capacity",
    "eligibility",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website",
    "status",
]
NEED_COLUMNS = [
    "external_id",
    "area",
    "theme",
    "summary",
    "severity",
    "communities",
    "indicator_value",
    "indicator_unit",
    "indicator_source",
    "indicator_date",
    "evidence_url",
]
ASSET_COLUMNS = [
    "external_id",
    "kind",
    "name",
    "area",
    "description",
    "availability",
    "postcode",
    "latitude",
    "longitude",
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_consent",
]
COLUMNS = {
    ImportKind.SERVICES: SERVICE_COLUMNS,
    ImportKind.NEEDS: NEED_COLUMNS,
    ImportKind.ASSETS: ASSET_COLUMNS,
}
REQUIRED = {
    ImportKind.SERVICES: ["external_id", "name", "organisation", "themes", "areas"],
    ImportKind.NEEDS: ["external_id", "area", "theme", "summary"],
    ImportKind.ASSETS: ["external_id", "kind", "name"],
}
# Model field -> column, for rule violations raised by the services.
FIELD_COLUMNS = {
    "themes": "themes",
    "theme": "theme",
    "areas": "areas",
    "area": "area",
    "whole_place": "areas",
    "is_specialist": "specialist",
    "in_person": "delivery",
    "online": "delivery",
    "by_phone": "delivery",
    "contact_consent": "contact_consent",
}
DELIVERY = {
    "in person": "in_person",
    "online": "online",
    "phone": "by_phone",
    "by phone": "by_phone",
}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


class ImportFileError(Exception):
    """The file as a whole cannot be read: the messages say why and what to do."""

    def __init__(self, *messages):
        super().__init__(" ".join(str(m) for m in messages))
        self.messages = [str(m) for m in messages]


@dataclass
class Checked:
    """What importing the rows would do (or did)."""

    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list = field(default_factory=list)  # [line, column, message]


# Reading files


def _header(name):
    return re.sub(r"\s+", "_", str(name or "").strip().lower())


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


def _thousands(number):
    return format(number, ",")


def _too_many_rows(max_rows):
    return ImportFileError(
        _(
            "The file has more than %(max)s rows; import at most %(max)s at a time. Split it into parts."
        )
        % {"max": _thousands(max_rows)}
    )


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
            lines = _xlsx_lines(io.BytesIO(raw), max_rows)
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
            raise _too_many_rows(max_rows)
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


def _xlsx_lines(uploaded, max_rows):
    """(row number, [cell text]) for each row of the first sheet, the header first, streamed."""
    from ..xlsxrows import TooComplex, TooManyTexts, Workbook, WorkbookError

    _check_unpacked_size(uploaded)
    try:
        archive = zipfile.ZipFile(uploaded)
        # The sheet's shared texts: no more than the largest accepted sheet could show.
        book = Workbook(archive, max_texts=(max_rows + 1) * XLSX_MAX_COLUMNS)
        declared = book.declared_rows()
    except TooManyTexts as exc:
        raise _too_many_rows(max_rows) from exc
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
                % {"rows": _thousands(declared), "max": _thousands(max_rows)}
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
                raise _too_many_rows(max_rows)
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


# Checking rows


def _looks_like_formula(text):
    """Would a spreadsheet run this cell? "=..." and "@..." always; "+" or "-" only with letters
    (a function or a reference), so phone numbers like +44 20 8000 0000 and -0.186 are text."""
    if not text or is_number(text):
        return False
    if text.startswith(("=", "@", "\t", "\r")):
        return True
    return text.startswith(("+", "-")) and any(c.isalpha() for c in text)


def _unescape(cells):
    """Cells written as '=... (the apostrophe our exports add) are meant as text: drop the mark.
    Returns the cells and the columns that were escaped, which the formula check then trusts."""
    escaped = set()
    for column, value in cells.items():
        if value.startswith("'") and value[1:].startswith(FORMULA_START):
            cells[column] = value[1:]
            escaped.add(column)
    return cells, escaped


class _Vocabulary:
    """The place's themes, communities, areas and organisations, by slug and by name (lower case)."""

    def __init__(self, place):
        self.themes = self._index(selectors.themes_for_place(place))
        self.communities = self._index(selectors.communities_for_place(place))
        self.areas = self._index(areas_for_place(place))
        self.organisations = {}
        for org in organisations_in_place(place):
            self.organisations[org.name.lower()] = org
            if org.org_id:
                self.organisations[org.org_id.lower()] = org

    @staticmethod
    def _index(rows):
        index = {}
        for row in rows:
            index[row.slug] = row
            index[row.name.lower()] = row
        return index


class _Row:
    def __init__(self, line, cells):
        self.line = line
        self.cells = cells
        self.errors = []

    def error(self, column, message):
        self.errors.append([self.line, column, str(message)])

    def text(self, column):
        return self.cells.get(column, "") or ""

    def one(self, column, index, label):
        value = self.text(column)
        if not value:
            return None
        found = index.get(value.lower()) or index.get(slugify(value))
        if found is None:
            self.error(
                column,
                _("“%(value)s” is not one of this place’s %(label)s.")
                % {"value": value, "label": label},
            )
        return found

    def many(self, column, index, label):
        found = []
        for value in (v.strip() for v in self.text(column).split(LIST_SEPARATOR)):
            if not value:
                continue
            item = index.get(value.lower()) or index.get(slugify(value))
            if item is None:
                self.error(
                    column,
                    _("“%(value)s” is not one of this place’s %(label)s.")
                    % {"value": value, "label": label},
                )
            else:
                found.append(item)
        return found

    def boolean(self, column):
        value = self.text(column).lower()
        if value in YES:
            return True
        if value not in NO:
            self.error(column, _("Write yes or no."))
        return False

    def number(self, column, *, integer=False):
        value = self.text(column)
        if not value:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            self.error(column, _("“%(value)s” is not a number.") % {"value": value})
            return None
        if integer:
            if number != number.to_integral_value() or number < 0:
                self.error(column, _("Write a whole number, 0 or more."))
                return None
            return int(number)
        return number

    def day(self, column):
        value = self.text(column)
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.error(column, _("Write the date as YYYY-MM-DD, like 2025-03-31."))
            return None

    def postcode(self, column="postcode"):
        value = self.text(column)
        if not value:
            return ""
        value = normalise_postcode(value)
        if not re.match(UK_POSTCODE.regex, value):
            self.error(
                column, _("“%(value)s” is not a full UK postcode.") % {"value": self.text(column)}
            )
        return value

    def choice(self, column, choices, label):
        value = self.text(column)
        by_label = {str(lbl).lower(): v for v, lbl in choices}
        values = {str(v) for v, _lbl in choices}
        if value.lower() in values:
            return value.lower()
        if value.lower() in by_label:
            return by_label[value.lower()]
        self.error(
            column,
            _("“%(value)s” is not a %(label)s; write one of: %(choices)s.")
            % {
                "value": value,
                "label": label,
                "choices": ", ".join(str(lbl) for _v, lbl in choices),
            },
        )
        return None


def _service_fields(row, vocab, allowed_orgs):
    organisation = row.one("organisation", vocab.organisations, _("organisations"))
    if (
        organisation is not None
        and allowed_orgs is not None
        and organisation.pk not in allowed_orgs
    ):
        row.error("organisation", _("You may import only your own organisation’s services."))
    areas_text = row.text("areas").strip().lower()
    whole = areas_text in (WHOLE_PLACE, slugify(WHOLE_PLACE))
    delivery = {}
    for value in (
        v.strip().lower() for v in (row.text("delivery") or "in person").split(LIST_SEPARATOR)
    ):
        if value and value not in DELIVERY:
            row.error("delivery", _("Write in person, online or phone, separated by ;"))
        elif value:
            delivery[DELIVERY[value]] = True
    status = (
        row.choice("status", ServiceStatus.choices, _("status")) if row.text("status") else "active"
    )
    return {
        "organisation": organisation,
        "name": row.text("name"),
        "description": row.text("description"),
        "themes": row.many("themes", vocab.themes, _("themes")),
        "communities": row.many("communities", vocab.communities, _("communities")),
        "is_specialist": row.boolean("specialist"),
        "whole_place": whole,
        "areas": [] if whole else row.many("areas", vocab.areas, _("areas")),
        "in_person": delivery.get("in_person", False),
        "online": delivery.get("online", False),
        "by_phone": delivery.get("by_phone", False),
        "address": row.text("address"),
        "postcode": row.postcode(),
        "latitude": row.number("latitude"),
        "longitude": row.number("longitude"),
        "weekly_capacity": row.number("weekly_capacity", integer=True),
        "eligibility": row.text("eligibility"),
        "contact_name": row.text("contact_name"),
        "contact_email": row.text("contact_email"),
        "contact_phone": row.text("contact_phone"),
        "website": row.text("website"),
        "status": status,
    }


def _need_fields(row, vocab):
    severity = None
    if row.text("severity"):
        severity = row.choice("severity", Severity.choices, _("severity"))
        severity = int(severity) if severity is not None else None
    return {
        "area": row.one("area", vocab.areas, _("areas")),
        "theme": row.one("theme", vocab.themes, _("themes")),
        "communities": row.many("communities", vocab.communities, _("communities")),
        "summary": row.text("summary"),
        "severity": severity,
        "indicator_value": row.number("indicator_value"),
        "indicator_unit": row.text("indicator_unit"),
        "indicator_source": row.text("indicator_source"),
        "indicator_date": row.day("indicator_date"),
        "evidence_url": row.text("evidence_url"),
    }


def _asset_fields(row, vocab):
    return {
        "kind": row.choice("kind", AssetKind.choices, _("kind of asset")),
        "name": row.text("name"),
        "area": row.one("area", vocab.areas, _("areas")),
        "description": row.text("description"),
        "availability": row.text("availability"),
        "postcode": row.postcode(),
        "latitude": row.number("latitude"),
        "longitude": row.number("longitude"),
        "contact_name": row.text("contact_name"),
        "contact_email": row.text("contact_email"),
        "contact_phone": row.text("contact_phone"),
        "contact_consent": row.boolean("contact_consent"),
    }


MODELS = {ImportKind.SERVICES: Service, ImportKind.NEEDS: Need, ImportKind.ASSETS: Asset}


def _owned(kind, obj, user, allowed_orgs):
    """May this person update this existing row? (Admins: any; organisations: their own.)"""
    if allowed_orgs is None:
        return True
    if kind == ImportKind.SERVICES:
        return obj.organisation_id in allowed_orgs
    if kind == ImportKind.NEEDS:
        return obj.submitted_by_id == user.pk or obj.organisation_id in allowed_orgs
    return obj.created_by_id == user.pk


def _violation_errors(row, kind, exc):
    columns = COLUMNS[kind]
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            column = FIELD_COLUMNS.get(name, name if name in columns else "")
            for error in errors:
                for message in error.messages:
                    row.error(column, message)
    else:
        for message in exc.messages:
            row.error("", message)


PROGRESS_EVERY = 250


def run(place, actor, kind, rows, *, commit, only_valid=False, progress=None):
    """Check (commit=False) or import the rows; returns a Checked. Nothing is saved unless commit,
    and then nothing at all when any row fails, unless only_valid."""
    kind = ImportKind(kind)
    vocab = _Vocabulary(place)
    allowed_orgs = None
    if not can(actor, place, "manage_all_services"):
        allowed_orgs = set(
            selectors.organisations_acted_for(actor, place).values_list("pk", flat=True)
        )
    model = MODELS[kind]
    ids = [cells.get("external_id", "") for _line, cells in rows]
    existing = {
        obj.external_id: obj
        for obj in model.objects.for_place(place).filter(external_id__in=[i for i in ids if i])
    }
    result = Checked()
    new_services = []
    seen = {}
    organisation = None
    if kind == ImportKind.NEEDS and allowed_orgs:
        organisation = selectors.organisations_acted_for(actor, place).first()

    class _Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            for done, (line, cells) in enumerate(rows):
                if progress and done % PROGRESS_EVERY == 0:
                    progress(done, len(rows))
                cells, escaped = _unescape(dict(cells))
                row = _Row(line, cells)
                for column, value in cells.items():
                    if column not in escaped and _looks_like_formula(value):
                        row.error(
                            column,
                            _(
                                "“%(value)s” looks like a spreadsheet formula, which is not "
                                "imported. If it is meant as text, start the cell with an "
                                "apostrophe (')."
                            )
                            % {"value": value[:40]},
                        )
                external_id = row.text("external_id")
                if not external_id:
                    row.error("external_id", _("Give every row an external id."))
                elif external_id in seen:
                    row.error(
                        "external_id",
                        _("%(id)s is also on line %(line)d: each row needs its own external id.")
                        % {"id": external_id, "line": seen[external_id]},
                    )
                else:
                    seen[external_id] = line
                if kind == ImportKind.SERVICES:
                    fields = _service_fields(row, vocab, allowed_orgs)
                elif kind == ImportKind.NEEDS:
                    fields = _need_fields(row, vocab)
                else:
                    fields = _asset_fields(row, vocab)
                current = existing.get(external_id)
                if current is not None and not _owned(kind, current, actor, allowed_orgs):
                    row.error(
                        "external_id",
                        _("%(id)s belongs to someone else’s row.") % {"id": external_id},
                    )
                if not row.errors and kind == ImportKind.SERVICES and current is None:
                    # New services are created together after the loop (one bulk insert).
                    new_services.append((row, {**fields, "external_id": external_id}))
                    continue
                if not row.errors:
                    try:
                        with transaction.atomic():
                            _save(place, actor, kind, current, fields, external_id, organisation)
                    except RuleViolation as exc:
                        _violation_errors(row, kind, exc)
                _count(result, row, current)
            if new_services:
                _created, refused = services.service_create_many(
                    place=place,
                    actor=actor,
                    items=[(row.line, fields) for row, fields in new_services],
                )
                for row, _fields in new_services:
                    if row.line in refused:
                        _violation_errors(row, kind, refused[row.line])
                    _count(result, row, None)
                result.errors.sort(key=lambda e: e[0])
            if progress:
                progress(len(rows), len(rows))
            if not commit or (result.errors and not only_valid):
                raise _Rollback
    except _Rollback:
        pass
    return result


def _count(result, row, current):
    if row.errors:
        result.errors.extend(row.errors)
        result.skipped += 1
    elif current is None:
        result.created += 1
    else:
        result.updated += 1


def _save(place, actor, kind, current, fields, external_id, organisation):
    if kind == ImportKind.SERVICES:
        if current is None:
            services.service_create(place=place, actor=actor, external_id=external_id, **fields)
        else:
            services.service_update(place=place, actor=actor, service=current, **fields)
    elif kind == ImportKind.NEEDS:
        if current is None:
            services.need_create(
                place=place,
                actor=actor,
                organisation=organisation,
                external_id=external_id,
                **fields,
            )
        else:
            services.need_update(place=place, actor=actor, need=current, **fields)
    elif current is None:
        services.asset_create(place=place, actor=actor, external_id=external_id, **fields)
    else:
        services.asset_update(place=place, actor=actor, asset=current, **fields)


# Export


def _names(items):
    return LIST_SEPARATOR.join(i.name for i in items)


def export_rows(place, user, kind):
    """The rows this person may export, as lists of cells in COLUMNS[kind] order."""
    kind = ImportKind(kind)
    admin = can(user, place, "manage_all_services")
    own_orgs = (
        None
        if admin
        else set(selectors.organisations_acted_for(user, place).values_list("pk", flat=True))
    )
    if kind == ImportKind.SERVICES:
        qs = selectors.services_in_place(place)
        if own_orgs is not None:
            qs = qs.filter(organisation__in=own_orgs)
        links = selectors.service_links(place, qs)

        def names(service, relation):
            return LIST_SEPARATOR.join(links[relation].get(service.pk, ()))

        for s in qs.prefetch_related(None):  # the links above, not a prefetch per service
            delivery = [
                lbl
                for on, lbl in (
                    (s.in_person, "in person"),
                    (s.online, "online"),
                    (s.by_phone, "phone"),
                )
                if on
            ]
            yield [
                s.external_id or f"inplace-{s.pk}",
                s.name,
                s.organisation.name,
                names(s, "themes"),
                WHOLE_PLACE if s.whole_place else names(s, "areas"),
                names(s, "communities"),
                "yes" if s.is_specialist else "no",
                LIST_SEPARATOR.join(delivery),
                s.description,
                s.address,
                s.postcode,
                s.latitude,
                s.longitude,
                s.weekly_capacity,
                s.eligibility,
                s.contact_name,
                s.contact_email,
                s.contact_phone,
                s.website,
                s.status,
            ]
    elif kind == ImportKind.NEEDS:
        qs = selectors.needs_in_place(place)
        if own_orgs is not None:
            qs = qs.filter(Q(organisation__in=own_orgs) | Q(submitted_by=user))
        for n in qs:
            yield [
                n.external_id or f"inplace-{n.pk}",
                n.area.name,
                n.theme.name,
                n.summary,
                Severity(n.severity).label if n.severity else "",
                _names(n.communities.all()),
                n.indicator_value,
                n.indicator_unit,
                n.indicator_source,
                n.indicator_date.isoformat() if n.indicator_date else "",
                n.evidence_url,
            ]
    else:
        qs = selectors.assets_in_place(place)
        if own_orgs is not None:
            qs = qs.filter(created_by=user)
        for a in qs:
            yield [
                a.external_id or f"inplace-{a.pk}",
                a.kind,
                a.name,
                a.area.name if a.area else "",
                a.description,
                a.availability,
                a.postcode,
                a.latitude,
                a.longitude,
                a.contact_name,
                a.contact_email,
                a.contact_phone,
                "yes" if a.contact_consent else "no",
            ]


def _csv_cell(value):
    value = plain_cell(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return escape_formula(value)


def _xlsx_cell(value):
    value = plain_cell(value)
    return float(value) if isinstance(value, Decimal) else value


def export_csv(place, user, kind):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS[ImportKind(kind)])
    for cells in export_rows(place, user, kind):
        writer.writerow([_csv_cell(c) for c in cells])
    return out.getvalue().encode("utf-8-sig")


def export_xlsx(place, user, kind):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = str(ImportKind(kind).label)[:31]
    sheet.append(COLUMNS[ImportKind(kind)])
    for cells in export_rows(place, user, kind):
        sheet.append([_xlsx_cell(c) for c in cells])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.data_type == "f":
                cell.data_type = "s"  # text, never a formula, whatever it starts with
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
