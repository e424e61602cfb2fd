"""A service's opening hours: checked as a whole (each opening by the model's rules, named by its
place in the list) and replaced as a whole, so the hours are always what was last given."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coordination.errors import RuleViolation
from coordination.exports.services import mark_model_changed

from .. import opening_hours
from ..models import ServiceSchedule

FIELDS = ("weekday", "opens_at", "closes_at", "valid_from", "valid_to", "description")


def build_schedules(place, service, items):
    """The openings as unsaved rows, and the problems found ([message]), none raised."""
    items = list(items)
    if len(items) > opening_hours.MAX_OPENINGS:
        return [], [_("Give at most %(count)d openings.") % {"count": opening_hours.MAX_OPENINGS}]
    rows, problems = [], []
    for number, item in enumerate(items, start=1):
        row = ServiceSchedule(
            place=place, service=service, **{k: item.get(k) for k in FIELDS if k in item}
        )
        row.description = row.description or ""
        try:
            row.full_clean(exclude=["place", "service"], validate_constraints=False)
        except ValidationError as exc:
            entry = (
                opening_hours.line(row)
                if row.weekday in opening_hours.SHORT_DAYS and row.opens_at and row.closes_at
                else ""
            )
            for messages in exc.message_dict.values():
                problems += [opening_hours.problem_text(number, entry, m) for m in messages]
        rows.append(row)
    return rows, problems


def replace_schedules(place, service, items):
    """Put these openings in place of the service's; returns (before, after) as text, for audit.
    A RuleViolation on ``schedules`` when any opening breaks a rule."""
    rows, problems = build_schedules(place, service, items)
    if problems:
        raise RuleViolation({"schedules": problems})
    existing = ServiceSchedule.objects.for_place(place).filter(service=service)
    before = opening_hours.text(existing, "; ")
    existing.delete()
    ServiceSchedule.objects.for_place(place).bulk_create(rows)
    mark_model_changed(place, ServiceSchedule)  # bulk_create sends no signals
    return before, opening_hours.text(sorted(rows, key=_order), "; ")


def _order(row):
    return (row.weekday, row.opens_at)
