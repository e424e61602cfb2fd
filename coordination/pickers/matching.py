"""Matching what someone typed against a source's names.

Every word typed must appear in one of the source's text fields (case-insensitive), so "age
bucks" finds "Age UK Buckinghamshire". Names that start with the text come first, then the rest
in name order. At most ``LIMIT`` suggestions; the query reads only that many rows.
"""

import re

from django.db.models import Case, IntegerField, Q, Value, When

LIMIT = 10
LONGEST_TEXT = 100
WORD = re.compile(r"\w+", re.UNICODE)


def words(text):
    return WORD.findall((text or "")[:LONGEST_TEXT])[:6]


def ranked(queryset, text, fields):
    typed = words(text)
    if not typed:
        return queryset.none()
    first = fields[0]
    for word in typed:
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(condition)
    starts = When(**{f"{first}__istartswith": text.strip()[:LONGEST_TEXT]}, then=Value(0))
    return queryset.annotate(
        picker_rank=Case(starts, default=Value(1), output_field=IntegerField())
    ).order_by("picker_rank", first, "pk")
