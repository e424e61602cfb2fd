"""The rows of a workbook's first sheet, streamed from the .xlsx zip with bounded memory.

An .xlsx is a zip of XML parts. The sheet is parsed as a stream (each row is dropped once read),
its declared size (<dimension>) can be read before any row, and each cell comes with its kind,
so a formula is known as a formula and never run. Dates are told apart from numbers by the cell's
number format, as spreadsheets do. Only public parts of openpyxl are used (date formats, serial
dates); the parsing is the standard library's, several times quicker than a full workbook model.
"""

import posixpath
import pyexpat
from dataclasses import dataclass
from datetime import datetime
from xml.etree import ElementTree  # nosec B405 (refused on expat < 2.4.1: see SAFE_EXPAT)

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


# Expat 2.4.1 and later limit entity expansion ("billion laughs", quadratic blow-up), and
# ElementTree never fetches external entities: with it, the standard parser is safe on untrusted
# XML (Python's documentation, "XML vulnerabilities"). An older expat reads no workbook.
SAFE_EXPAT = pyexpat.version_info >= (2, 4, 1)


def iterparse(source, events=("end",)):
    if not SAFE_EXPAT:
        raise WorkbookError("this Python's expat is older than 2.4.1")
    return ElementTree.iterparse(source, events=events)  # noqa: S314  # nosec B314 (SAFE_EXPAT)


class WorkbookError(Exception):
    """The zip is not a workbook this reader understands (a part is missing or malformed)."""


class TooManyTexts(Exception):
    """The workbook's table of texts is longer than any sheet of the accepted size needs."""


@dataclass(frozen=True)
class Cell:
    column: int  # 1 for column A
    kind: str  # "s" text, "n" number, "b" true/false, "d" date, "f" formula, "e" error
    value: object


def _rels(archive, part):
    """{relationship id: (type, part path)} for a part's relationships."""
    folder, name = posixpath.split(part)
    rels_path = posixpath.join(folder, "_rels", name + ".rels")
    found = {}
    if rels_path not in archive.namelist():
        return found
    with archive.open(rels_path) as source:
        for _event, element in iterparse(source):
            if element.tag == RELS + "Relationship":
                target = element.get("Target", "")
                if target.startswith("/"):
                    path = target[1:]
                else:
                    path = posixpath.normpath(posixpath.join(folder, target))
                found[element.get("Id")] = (element.get("Type", ""), path)
    return found


# Elements inside one row or one shared text: far more than any real one has. Everything else is
# dropped as soon as it ends, so a crafted part cannot build a large tree in memory.
MAX_PARTS = 20_000


class TooComplex(Exception):
    """A row or a text holds more XML elements than MAX_PARTS."""


def _stream(source, tags):
    """(element, parent's tag) for each finished element whose tag is in `tags`, its content
    intact; every element is dropped once it (or the kept element holding it) has ended."""
    stack = []
    kept = None  # the depth of the kept element being read, if any
    parts = 0
    for event, element in iterparse(source, events=("start", "end")):
        if event == "start":
            stack.append(element)
            if kept is None and element.tag in tags:
                kept, parts = len(stack) - 1, 0
            elif kept is not None:
                parts += 1
                if parts > MAX_PARTS:
                    raise TooComplex
            continue
        stack.pop()
        if kept is not None and len(stack) > kept:
            continue  # inside a kept element: read with it
        if kept is not None:
            kept = None
            yield element, stack[-1].tag if stack else None
        if stack:
            stack[-1].clear()  # drops this element and its finished siblings


def _text(element):
    """The text of a shared or inline string: its <t>, or its runs' <t> (phonetic hints left out)."""
    parts = []
    for child in element:
        if child.tag == MAIN + "t":
            parts.append(child.text or "")
        elif child.tag == MAIN + "r":
            parts.append(child.findtext(MAIN + "t") or "")
    return "".join(parts)


class Workbook:
    """The first sheet of an open zipfile.ZipFile holding an .xlsx workbook."""

    def __init__(self, archive, *, max_texts):
        self.archive = archive
        names = set(archive.namelist())
        root_rels = _rels(archive, "")
        book = next(
            (path for kind, path in root_rels.values() if kind.endswith("/officeDocument")),
            "xl/workbook.xml",
        )
        if book not in names:
            raise WorkbookError("no workbook part")
        book_rels = _rels(archive, book)
        self.sheet = None
        self.epoch = CALENDAR_WINDOWS_1900
        with archive.open(book) as source:
            for _event, element in iterparse(source):
                if element.tag == MAIN + "workbookPr":
                    if element.get("date1904", "").lower() in ("1", "true"):
                        self.epoch = CALENDAR_MAC_1904
                elif element.tag == MAIN + "sheet":
                    kind, path = book_rels.get(element.get(DOC_RELS + "id"), ("", ""))
                    if kind.endswith("/worksheet") and path in names:
                        self.sheet = path
                        break
        if self.sheet is None:
            raise WorkbookError("no worksheet")
        by_kind = {kind.rsplit("/", 1)[-1]: path for kind, path in book_rels.values()}
        self.texts = self._shared_strings(by_kind.get("sharedStrings"), names, max_texts)
        self.date_styles = self._date_styles(by_kind.get("styles"), names)

    def _shared_strings(self, path, names, max_texts):
        texts = []
        if not path or path not in names:
            return texts
        with self.archive.open(path) as source:
            for element, _parent in _stream(source, {MAIN + "si"}):
                if len(texts) >= max_texts:
                    raise TooManyTexts
                texts.append(_text(element))
        return texts

    def _date_styles(self, path, names):
        """The indexes of the cell styles whose number format shows a date or time."""
        if not path or path not in names:
            return set()
        formats = dict(BUILTIN_FORMATS)
        styles = []
        with self.archive.open(path) as source:
            for element, parent in _stream(source, {MAIN + "numFmt", MAIN + "xf"}):
                if element.tag == MAIN + "numFmt":
                    formats[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
                elif parent == MAIN + "cellXfs":
                    styles.append(int(element.get("numFmtId", "0")))
        return {i for i, fmt in enumerate(styles) if is_date_format(formats.get(fmt, ""))}

    def declared_rows(self):
        """The last row the sheet's <dimension> names (None if it names none), read before any row."""
        with self.archive.open(self.sheet) as source:
            stack = []
            for event, element in iterparse(source, events=("start", "end")):
                if event == "end":
                    stack.pop()
                    if stack:
                        stack[-1].clear()
                    continue
                stack.append(element)
                if element.tag == MAIN + "dimension":
                    last = (element.get("ref") or "").split(":")[-1]
                    digits = "".join(c for c in last if c.isdigit())
                    return int(digits) if digits else None
                if element.tag == MAIN + "sheetData":
                    return None
        return None

    def rows(self, *, max_columns):
        """(row number, [Cell]) for each row that has cells, in order; cells past max_columns are
        left out. Each row is dropped from memory once yielded."""
        number = 0
        with self.archive.open(self.sheet) as source:
            for row, _parent in _stream(source, {MAIN + "row"}):
                number = int(row.get("r") or number + 1)
                cells = self._cells(row, max_columns)
                if cells:
                    yield number, cells

    def _cells(self, row, max_columns):
        cells = []
        column = 0
        for c in row:
            if c.tag != MAIN + "c":
                continue
            ref = c.get("r")
            if ref:
                column = column_index_from_string(ref.rstrip("0123456789"))
            else:
                column += 1
            if column > max_columns:
                continue
            cell = self._cell(c, column)
            if cell is not None:
                cells.append(cell)
        return cells

    def _cell(self, c, column):
        kind = c.get("t", "n")
        formula = c.find(MAIN + "f")
        if formula is not None:
            return Cell(column, "f", formula.text or "")
        if kind == "inlineStr":
            found = c.find(MAIN + "is")
            return Cell(column, "s", _text(found)) if found is not None else None
        value = c.findtext(MAIN + "v")
        if value is None:
            return None
        if kind == "s":
            return Cell(column, "s", self.texts[int(value)])
        if kind in ("str", "e"):
            return Cell(column, "s" if kind == "str" else "e", value)
        if kind == "b":
            return Cell(column, "b", value.strip() in ("1", "true"))
        if kind == "d":
            try:
                return Cell(column, "d", datetime.fromisoformat(value))
            except ValueError:
                return Cell(column, "s", value)
        number = float(value) if any(mark in value for mark in ".eE") else int(value)
        if int(c.get("s", "0")) in self.date_styles:
            return Cell(column, "d", from_excel(number, self.epoch))
        return Cell(column, "n", number)
