"""The GOV.UK date input: every date a person types is a day, a month and a year in three boxes,
and a date and time adds the time as hh:mm (24-hour) in the place's timezone.

- ``DateInput`` works with any ``forms.DateField`` (like Django's SelectDateWidget): it joins the
  three boxes into ``YYYY-MM-DD``. A post with the field's own name (``start=2026-03-27``, as an
  API-like client or a script sends) is taken as it is.
- ``DateField`` adds GOV.UK's messages for partial or impossible dates ("Start date must include
  a month", "Start date must be a real date") and the boxes in error are marked on their own.
- ``DateTimeInput`` and ``DateTimeField`` are the same plus the time; the field reads and shows
  the time in ``tz`` (set it to the place's; see ``set_place_timezone``), or the current timezone.

A value shown back (editing, or a form with errors) is split into its boxes, so nothing typed or
stored is lost. The form renderer (``forms_renderer.py``) draws these fields in a fieldset with the
label as its legend and the hint "For example, 27 3 2026".
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

__all__ = [
    "DateField",
    "DateInput",
    "DateTimeField",
    "DateTimeInput",
    "EnteredDate",
    "set_place_timezone",
]

DATE_PARTS = ("day", "month", "year")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def _part_names():
    return {"day": _("day"), "month": _("month"), "year": _("year"), "time": _("time")}


def _and_list(words):
    if len(words) == 1:
        return words[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


class EnteredDate(str):
    """What a person typed into the boxes: a str (``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM`` when the
    parts make a real date, otherwise what was typed) that remembers the parts and what is wrong,
    so the field can say so and the widget can show the parts again."""

    def __new__(cls, parts, with_time=False):
        problem, bad = cls._check(parts, with_time)
        if problem:
            text = " ".join(parts.get(p, "") for p in (*DATE_PARTS, "time")).strip()
        else:
            year, month, day = (int(parts[p]) for p in ("year", "month", "day"))
            text = f"{year:04d}-{month:02d}-{day:02d}"
            if with_time:
                hour, minute = _TIME.match(parts["time"]).groups()
                text += f"T{int(hour):02d}:{int(minute):02d}"
        value = super().__new__(cls, text)
        value.parts, value.problem, value.bad_parts = parts, problem, bad
        return value

    @staticmethod
    def _check(parts, with_time):
        names = (*DATE_PARTS, "time") if with_time else DATE_PARTS
        missing = [p for p in names if not parts.get(p)]
        if missing:
            return ("missing", missing), missing
        if not all(parts[p].isdigit() for p in DATE_PARTS):
            return ("not_real", None), [p for p in DATE_PARTS if not parts[p].isdigit()]
        if len(parts["year"]) != 4:
            return ("year_digits", None), ["year"]
        try:
            datetime.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            return ("not_real", None), list(DATE_PARTS)
        if with_time:
            match = _TIME.match(parts["time"])
            if not match or int(match[1]) > 23 or int(match[2]) > 59:
                return ("time", None), ["time"]
        return None, []

    def message(self, label):
        kind, missing = self.problem
        label = str(label or _("Date"))
        if kind == "missing":
            names = _part_names()
            return _("%(label)s must include a %(parts)s") % {
                "label": label,
                "parts": _and_list([names[p] for p in missing]),
            }
        if kind == "year_digits":
            return _("Year must include 4 numbers")
        if kind == "time":
            return _("%(label)s must include a real time, like 14:30") % {"label": label}
        return _("%(label)s must be a real date") % {"label": label}


class DateInput(forms.Widget):
    """Day, month and year boxes (GOV.UK Frontend's ``govuk-date-input``)."""

    template_name = "forms/govuk/date_input.html"
    use_fieldset = True
    with_time = False
    hint = gettext_lazy("For example, 27 3 2026")

    def __init__(self, attrs=None, autocomplete=None):
        """``autocomplete``: the token's stem for dates a browser may know, e.g. "bday"."""
        super().__init__(attrs)
        self.autocomplete = autocomplete

    def use_required_attribute(self, initial):
        # The browser's own check would stop a half-typed date before GOV.UK's message is shown.
        return False

    def id_for_label(self, id_):
        return f"{id_}_day" if id_ else id_

    def value_from_datadict(self, data, files, name):
        whole = data.get(name)
        if whole:
            return whole
        names = (*DATE_PARTS, "time") if self.with_time else DATE_PARTS
        parts = {p: (data.get(f"{name}_{p}") or "").strip() for p in names}
        if not any(parts.values()):
            return None
        return EnteredDate(parts, with_time=self.with_time)

    def value_omitted_from_data(self, data, files, name):
        names = (*DATE_PARTS, "time") if self.with_time else DATE_PARTS
        return name not in data and not any(f"{name}_{p}" in data for p in names)

    def split(self, value):
        """The parts to show for a value: a date, a datetime, or a string posted back."""
        if isinstance(value, EnteredDate):
            return value.parts
        if isinstance(value, str):
            value = self._parse(value)
            if isinstance(value, str):
                return {"day": "", "month": "", "year": "", "time": ""}
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return {
                "day": str(value.day),
                "month": str(value.month),
                "year": str(value.year),
                "time": value.strftime("%H:%M"),
            }
        if isinstance(value, datetime.date):
            return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
        return {}

    @staticmethod
    def _parse(text):
        text = text.strip()
        for parse in (datetime.datetime.fromisoformat, datetime.date.fromisoformat):
            try:
                return parse(text)
            except ValueError:
                continue
        return text

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        attrs = dict(context["widget"]["attrs"])
        base_id = attrs.pop("id", None) or name
        classes = attrs.pop("class", "").split()
        in_error = "govuk-input--error" in classes
        classes = [c for c in classes if c not in {"govuk-input", "govuk-input--error"}]
        attrs.pop("required", None)
        attrs.pop("aria-describedby", None)
        attrs.pop("aria-invalid", None)
        bad = set(value.bad_parts) if isinstance(value, EnteredDate) and value.problem else None
        shown = self.split(value)
        labels = {"day": _("Day"), "month": _("Month"), "year": _("Year"), "time": _("Time")}
        widths = {"day": 2, "month": 2, "year": 4, "time": 5}
        names = (*DATE_PARTS, "time") if self.with_time else DATE_PARTS
        parts = []
        for part in names:
            wrong = in_error and (bad is None or part in bad)
            part_classes = [
                "govuk-input",
                "govuk-date-input__input",
                f"govuk-input--width-{widths[part]}",
                *classes,
            ]
            if wrong:
                part_classes.append("govuk-input--error")
            part_attrs = {
                **attrs,
                "class": " ".join(part_classes),
                "id": f"{base_id}_{part}",
                "name": f"{name}_{part}",
                "type": "text",
            }
            if part != "time":
                part_attrs["inputmode"] = "numeric"
                if self.autocomplete:
                    part_attrs["autocomplete"] = f"{self.autocomplete}-{part}"
            if wrong:
                part_attrs["aria-invalid"] = "true"
            parts.append(
                {
                    "name": part,
                    "label": labels[part],
                    "attrs": part_attrs,
                    "value": shown.get(part, ""),
                }
            )
        context["widget"]["id"] = base_id
        context["widget"]["parts"] = parts
        return context


class DateTimeInput(DateInput):
    """The date boxes and a time box (hh:mm, 24-hour)."""

    with_time = True
    hint = gettext_lazy("For example, 27 3 2026 and 14:30")


class DateField(forms.DateField):
    """A date typed in the GOV.UK date input, with GOV.UK's messages for what is wrong with it."""

    widget = DateInput

    def to_python(self, value):
        if isinstance(value, EnteredDate) and value.problem:
            raise ValidationError(value.message(self.label), code="invalid")
        return super().to_python(value)


class DateTimeField(forms.DateTimeField):
    """A date and time typed in ``tz`` (the place's timezone, whatever timezone the server runs
    in), or the current timezone when no place is given."""

    widget = DateTimeInput

    def __init__(self, *args, tz=None, **kwargs):
        self.tz = tz
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, EnteredDate) and value.problem:
            raise ValidationError(value.message(self.label), code="invalid")
        with timezone.override(self.tz or timezone.get_current_timezone()):
            return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return timezone.localtime(value, self.tz).replace(tzinfo=None)
        return value


def set_place_timezone(form, place):
    """Read and show every date and time of ``form`` in the place's timezone, and say so."""
    for field in form.fields.values():
        if isinstance(field, DateTimeField):
            field.tz = place.tz
            zone = _("In %(zone)s time.") % {"zone": place.tz.key}
            field.help_text = f"{field.help_text} {zone}".strip()
