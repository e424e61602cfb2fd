"""CSV files for people to open in spreadsheets: text that would run as a formula is neutralised.

A cell starting with = + - @ (or a tab or carriage return) is run by Excel and LibreOffice as a
formula ("CSV injection"); such a cell is written with a leading apostrophe, which spreadsheets
show as text. Numbers that merely start with + or - (amounts, coordinates) are left as they are.
"""

import csv
import io
from decimal import Decimal, InvalidOperation

# A cell starting with one of these is run as a formula by spreadsheet programs (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_number(text):
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


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
        writer.writerow([escape_formula(cell) for cell in row])
    return out.getvalue()
