"""Show the published figures the same way everywhere: shares as whole percentages, or a dash."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def percent(value):
    if value is None:
        return _("no data yet")
    return f"{round(value * 100)}%"


@register.filter
def or_none(value, unit=""):
    if value is None:
        return _("no data yet")
    number = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{number} {unit}".strip()
