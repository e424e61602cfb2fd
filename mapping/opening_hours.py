"""Opening hours written as text, one opening per line (or separated by ";" in a spreadsheet cell):

    Mon 09:00-17:00
    Mon-Fri 09:00-12:30
    Sat 10:00-12:00 from 2026-09-01 to 2027-07-20 term time only

A day or a range of days, a time range (24-hour hh:mm), optionally the first and last day it
applies (YYYY-MM-DD), and optionally a few words. The service form, the import and the export use
this format; pages show the hours in GOV.UK's style ("9am to 5:30pm").
"""

import re
from datetime import date, time

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .schedules import ServiceSchedule, Weekday

SEPARATORS = re.compile(r"[\n;]")
MAX_OPENINGS = 50

_DAYS = {}
for _day in Weekday:
    _name = str(_day.label).lower()
    for _key in {_name, _name[:3], _name[:4], _day.name.lower(), _day.name.lower()[:3]}:
        _DAYS[_key] = _day.value
_DAYS.update({"tues": 2, "weds": 3, "thur": 4, "thurs": 4})
SHORT_DAYS = {d.value: str(d.label)[:3] for d in Weekday}

_LINE = re.compile(
    r"^(?P<days>[A-Za-z]+(?:\s*-\s*[A-Za-z]+)?)\s+"
    r"(?P<opens>\d{1,2}[:.]\d{2})\s*(?:-|–|to)\s*(?P<closes>\d{1,2}[:.]\d{2})"
    r"(?:\s+from\s+(?P<valid_from>\d\S*))?"
    r"(?:\s+to\s+(?P<valid_to>\d\S*))?"
    r"(?:\s+(?P<description>.*))?$",
    re.IGNORECASE,
)


class Unreadable(ValueError):
    """An opening that cannot be read; the message says what to write instead."""


def _clock(text):
    hours, minutes = re.split(r"[:.]", text)
    try:
        return time(int(hours), int(minutes))
    except ValueError:
        raise Unreadable(
            _("“%(value)s” is not a time: write it as hh:mm, like 09:00 or 17:30.")
            % {"value": text}
        ) from None


def _date(text):
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Unreadable(
            _("“%(value)s” is not a date: write it as YYYY-MM-DD, like 2026-09-01.")
            % {"value": text}
        ) from None


def _days(text):
    names = [part.strip().lower() for part in text.split("-")]
    found = []
    for name in names:
        if name not in _DAYS:
            raise Unreadable(
                _("“%(value)s” is not a day: write Mon, Tue, Wed, Thu, Fri, Sat or Sun.")
                % {"value": name}
            )
        found.append(_DAYS[name])
    if len(found) == 1:
        return found
    first, last = found
    if last < first:
        raise Unreadable(_("Write a range of days from Monday to Sunday, like Mon-Fri."))
    return list(range(first, last + 1))


def parse_line(text):
    """One opening's text -> a list of openings (several for a range of days)."""
    match = _LINE.match(text.strip())
    if not match:
        raise Unreadable(
            _("Write a day and the hours, like “Mon 09:00-17:00” or “Mon-Fri 09:00-12:30”.")
        )
    opens, closes = _clock(match["opens"]), _clock(match["closes"])
    valid_from = _date(match["valid_from"]) if match["valid_from"] else None
    valid_to = _date(match["valid_to"]) if match["valid_to"] else None
    description = (match["description"] or "").strip()
    return [
        {
            "weekday": day,
            "opens_at": opens,
            "closes_at": closes,
            "valid_from": valid_from,
            "valid_to": valid_to,
            "description": description,
        }
        for day in _days(match["days"])
    ]


def parse(text):
    """All the openings in a text: (openings, [(entry number, entry text, message)]). An entry
    that cannot be read, or that breaks a rule of the model (closing before opening), is named by
    its number; the openings of the others are returned."""
    openings, problems = [], []
    entries = [entry.strip() for entry in SEPARATORS.split(text or "")]
    for number, entry in enumerate((e for e in entries if e), start=1):
        try:
            found = parse_line(entry)
        except Unreadable as exc:
            problems.append((number, entry, str(exc)))
            continue
        broken = _rules_broken(found[0])  # the days of a range share their times and dates
        problems += [(number, entry, message) for message in broken]
        if not broken:
            openings.extend(found)
    if len(openings) > MAX_OPENINGS:
        problems.append((0, "", _("Give at most %(count)d openings.") % {"count": MAX_OPENINGS}))
    return openings, problems


def _rules_broken(opening):
    try:
        ServiceSchedule(**opening).full_clean(
            exclude=["place", "service"], validate_constraints=False
        )
    except ValidationError as exc:
        return [m for messages in exc.message_dict.values() for m in messages]
    return []


def problem_text(number, entry, message):
    if not number:
        return message
    return _("Opening %(number)d (“%(entry)s”): %(message)s") % {
        "number": number,
        "entry": entry[:60],
        "message": message,
    }


def _get(opening, name):
    return opening[name] if isinstance(opening, dict) else getattr(opening, name)


def line(opening):
    """An opening (a ServiceSchedule or its fields as a dict) as the text ``parse`` reads."""
    parts = [
        SHORT_DAYS[_get(opening, "weekday")],
        f"{_get(opening, 'opens_at'):%H:%M}-{_get(opening, 'closes_at'):%H:%M}",
    ]
    if _get(opening, "valid_from"):
        parts.append(f"from {_get(opening, 'valid_from').isoformat()}")
    if _get(opening, "valid_to"):
        parts.append(f"to {_get(opening, 'valid_to').isoformat()}")
    if _get(opening, "description"):
        parts.append(_get(opening, "description"))
    return " ".join(parts)


def text(openings, separator="\n"):
    return separator.join(line(o) for o in openings)


def clock_words(value):
    """GOV.UK's style for a time: 9am, 5:30pm, midday, midnight."""
    if value.hour == 0 and value.minute == 0:
        return _("midnight")
    if value.hour == 12 and value.minute == 0:
        return _("midday")
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def hours_words(opening):
    """ "9am to 5:30pm"."""
    return _("%(opens)s to %(closes)s") % {
        "opens": clock_words(_get(opening, "opens_at")),
        "closes": clock_words(_get(opening, "closes_at")),
    }


def describe(opening):
    """ "9am to 5:30pm, term time only, from 1 September 2026 to 20 July 2027"."""
    parts = [hours_words(opening)]
    if _get(opening, "description"):
        parts.append(_get(opening, "description"))
    first, last = _get(opening, "valid_from"), _get(opening, "valid_to")
    if first and last:
        parts.append(
            _("from %(first)s to %(last)s")
            % {"first": date_format(first, "j F Y"), "last": date_format(last, "j F Y")}
        )
    elif first:
        parts.append(_("from %(first)s") % {"first": date_format(first, "j F Y")})
    elif last:
        parts.append(_("until %(last)s") % {"last": date_format(last, "j F Y")})
    return ", ".join(parts)


def by_day(openings):
    """[(day name, [each opening that day, described])], Monday first, days without any left out."""
    days = {}
    for opening in openings:
        days.setdefault(_get(opening, "weekday"), []).append(describe(opening))
    return [(Weekday(day).label, texts) for day, texts in sorted(days.items())]
