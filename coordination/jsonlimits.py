"""JSON from outside, read with a limit on how deeply it nests.

Python's json module recurses once per level of nesting, so ``[[[[...]]]]`` a few thousand deep
raises RecursionError (a 500) instead of a parse error. ``loads`` counts the depth first, without
recursion, and refuses anything deeper than asked with ``TooDeep`` (a ValueError, as
json.JSONDecodeError is), so callers that already turn bad JSON into a clear error do the same here.
``JSONFormField`` does the same for forms (the admin's JSON fields).
"""

import json
import re
from itertools import accumulate

from django import forms
from django.db import models

# A JSON string (escapes included): its brackets are text, not nesting.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class TooDeep(ValueError):
    def __init__(self, max_depth):
        self.max_depth = max_depth
        super().__init__(f"JSON nested more than {max_depth} levels deep is not accepted.")


def depth(text):
    """How deeply ``text`` nests arrays and objects (0 for a bare value)."""
    # Only the brackets outside strings, then the highest running total: all in C loops.
    brackets = _NOT_BRACKETS.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def check_depth(text, max_depth):
    if depth(text) > max_depth:
        raise TooDeep(max_depth)


def loads(text, *, max_depth, **kwargs):
    """``json.loads(text, **kwargs)``, refusing nesting deeper than ``max_depth`` with TooDeep."""
    if isinstance(text, (bytes, bytearray)):
        text = text.decode("utf-8")
    check_depth(text, max_depth)
    return json.loads(text, **kwargs)


class JSONFormField(forms.JSONField):
    """Django's form JSONField, with nesting past ``max_depth`` a form error instead of a 500."""

    default_max_depth = 64  # well past any GeoJSON outline

    def __init__(self, *, max_depth=None, **kwargs):
        self.max_depth = max_depth or self.default_max_depth
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            try:
                check_depth(value, self.max_depth)
            except TooDeep as exc:
                raise forms.ValidationError(str(exc), code="invalid") from exc
        return super().to_python(value)

    def bound_data(self, data, initial):
        # Django re-reads the submitted text to show it again: that read must not recurse either.
        if isinstance(data, str) and depth(data) > self.max_depth:
            return forms.fields.InvalidJSONInput(data)
        return super().bound_data(data, initial)


# For a ModelAdmin whose model has JSON fields: formfield_overrides = JSON_FORM_FIELDS.
JSON_FORM_FIELDS = {models.JSONField: {"form_class": JSONFormField}}
