"""Typing a date into the GOV.UK date input (coordination/dateinputs.py) in a browser test, and
the form data a posted date input sends."""

import datetime


def fill_date(page, legend, value):
    """Type ``value`` (a date, or a datetime for a date and time) into the date input whose
    legend is ``legend``: its Day, Month and Year boxes, and its Time box for a datetime."""
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(value.day))
    group.get_by_label("Month").fill(str(value.month))
    group.get_by_label("Year").fill(str(value.year))
    if isinstance(value, datetime.datetime):
        group.get_by_label("Time").fill(value.strftime("%H:%M"))


def date_parts(name, value):
    """The form data the boxes of field ``name`` send for ``value``."""
    data = {f"{name}_day": str(value.day), f"{name}_month": str(value.month)}
    data[f"{name}_year"] = str(value.year)
    if isinstance(value, datetime.datetime):
        data[f"{name}_time"] = value.strftime("%H:%M")
    return data
