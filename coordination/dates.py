"""Dates that make sense for what they describe: the validators model fields carry, so the rule
holds on every path (forms, the API, the admin, imports).

- ``not_in_future``: something that has happened (a measurement, a payment, a session held).
- ``not_too_far_ahead``: something planned; more than ``DATES_MAX_YEARS_AHEAD`` years ahead is
  likelier a typo (2062 for 2026) than a plan.

Both compare with today in the current timezone (the place's in a request), and both only become
easier to meet as time passes, so a row that was valid stays valid. Both also refuse a year before
EARLIEST_YEAR: nothing this product records happened then, so it is a typo (0329 for 2029), and
such instants cannot be written in RFC 3339 in the place's timezone.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

__all__ = ["latest_allowed", "not_in_future", "not_too_far_ahead", "today", "years_after"]


EARLIEST_YEAR = 1900


def today():
    return timezone.localdate()


def _day(value):
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            try:
                return timezone.localdate(value)
            except OverflowError:  # an instant at the very end of year 9999
                return value.date()
        return value.date()
    return value


def years_after(day, years):
    """The same day ``years`` later (28 February for 29 February in a year that has none)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def latest_allowed():
    return years_after(today(), settings.DATES_MAX_YEARS_AHEAD)


def _not_before_earliest(value):
    if _day(value).year < EARLIEST_YEAR:
        raise ValidationError(
            _("The date must be in %(year)d or later: check the year.") % {"year": EARLIEST_YEAR},
            code="date_too_long_ago",
        )


def not_in_future(value):
    """A date that records what has happened: today or earlier."""
    if value is None:
        return
    _not_before_earliest(value)
    if _day(value) > today():
        raise ValidationError(_("The date must be today or in the past."), code="date_in_future")


def not_too_far_ahead(value):
    """A planned date: no more than DATES_MAX_YEARS_AHEAD years from today."""
    if value is None:
        return
    _not_before_earliest(value)
    latest = latest_allowed()
    if _day(value) > latest:
        raise ValidationError(
            _("The date must be on or before %(latest)s: check the year.")
            % {"latest": date_format(latest, "j F Y")},
            code="date_too_far_ahead",
        )
