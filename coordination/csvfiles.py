"""CSV files for people to open in spreadsheets: text that would run as a formula is neutralised.

A cell starting with = + - @ (or a tab or carriage return) is run by Excel and LibreOffice as a
formula ("CSV injection"); such a cell is written with a leading apostrophe, which spreadsheets
show as text. Numbers that merely start with + or - (amounts, coordinates) are left as they are.
Every cell is written as a plain value (text, a number or a date as text): a translated label or a
choices member is turned into its text first, so it is escaped like any other text.
"""

import csv
import enum
import io
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.functional import Promise

# A cell starting with one of these is run as a formula by spreadsheet programs (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_number(text):
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


def plain_cell(value):
    """The value as a spreadsheet cell can hold it: str, int, float, Decimal or bool ("" for None).

    Lazy translations (a choice's label) and choices members (a str or int subclass) become
    plain text or numbers; dates are written as ISO text.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, (float, Decimal)):
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def escape_formula(value):
    """Text a spreadsheet would run as a formula is written with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not is_number(value):
        return "'" + value
    return value


def csv_text(header, rows):
    """The header and rows as CSV text, every cell escaped."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([escape_formula(plain_cell(cell)) for cell in row])
    return out.getvalue()
