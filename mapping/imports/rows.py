"""Checking one row of a file: its cells turned into the fields the services take, or problems
by line and column (a name not in this place's vocabulary, a number that is not one, a formula).
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.text import slugify
from django.utils.translation import gettext as _

from coordination.csvfiles import FORMULA_START, is_number
from coordination.organisations.selectors import organisations_in_place
from coordination.places.selectors import areas_for_place
from coordination.vocabularies import selectors as vocabularies

from .. import opening_hours
from ..models import UK_POSTCODE, AssetKind, ServiceStatus, Severity, normalise_postcode
from .columns import DELIVERY, LIST_SEPARATOR, NO, WHOLE_PLACE, YES


def looks_like_formula(text):
    """Would a spreadsheet run this cell? "=..." and "@..." always; "+" or "-" only with letters
    (a function or a reference), so phone numbers like +44 20 8000 0000 and -0.186 are text."""
    if not text or is_number(text):
        return False
    if text.startswith(("=", "@", "\t", "\r")):
        return True
    return text.startswith(("+", "-")) and any(c.isalpha() for c in text)


def unescape(cells):
    """Cells written as '=... (the apostrophe our exports add) are meant as text: drop the mark.
    Returns the cells and the columns that were escaped, which the formula check then trusts."""
    escaped = set()
    for column, value in cells.items():
        if value.startswith("'") and value[1:].startswith(FORMULA_START):
            cells[column] = value[1:]
            escaped.add(column)
    return cells, escaped


class Vocabulary:
    """The place's themes, communities, areas and organisations, by slug and by name (lower case)."""

    def __init__(self, place):
        self.themes = self._index(vocabularies.themes_for_place(place))
        self.communities = self._index(vocabularies.communities_for_place(place))
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


class Row:
    """One line of a file: its cells read as text, names, numbers, dates or choices, each problem
    noted by line and column."""

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

    def openings(self, column):
        """Opening hours ("Mon 09:00-17:00; Tue 09:00-12:00"), or None when the file has no such
        column (an import then leaves a service's hours as they are)."""
        if column not in self.cells:
            return None
        openings, problems = opening_hours.parse(self.text(column))
        for problem in problems:
            self.error(column, opening_hours.problem_text(*problem))
        return openings

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


def service_fields(row, vocab, allowed_orgs):
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
    fields = {
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
    schedules = row.openings("opening_hours")
    if schedules is not None:
        fields["schedules"] = schedules
    return fields


def need_fields(row, vocab):
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


def asset_fields(row, vocab):
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
