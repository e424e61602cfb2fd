"""How much text each kind of field takes, in characters: one scale for every app.

Every text field of a model is a ``BoundedTextField`` naming one of these as its ``max_length``
(tests/test_text_limits.py fails on one that does not), so model forms, the admin, DRF's model
serializers, imports and services that call ``full_clean`` all refuse longer text with a field
message. Hand-written form and serializer
fields for the same text use the same constant. The browser shows the limit with GOV.UK's character
count on every textarea (coordination/forms_renderer.py).

Limits count characters as Python does; a line break typed in a browser counts as one.
"""

from django.core.validators import MaxLengthValidator
from django.db import models

__all__ = [
    "FILTER",
    "GENERATED",
    "LONG",
    "NOTE",
    "TEXT",
    "BoundedTextField",
    "filter_text",
    "longest_typed",
]

# A reason, a note, an answer, a message: a few sentences.
NOTE = 2_000
# A description, a comment, a summary, feedback: a few paragraphs.
TEXT = 5_000
# Minutes, a co-design document, a tender's description, how a contract would be delivered.
LONG = 20_000
# Text the site writes itself and nobody types (email bodies): a bound, never a form's limit.
GENERATED = 1_000_000
# What a list's search box takes: a name, part of one, an email address.
FILTER = 100


def filter_text(value, limit=FILTER):
    """Text typed into a list's search box as a query can take it: trimmed, at most ``limit``
    characters, without the NUL characters PostgreSQL refuses in any string."""
    return (value or "").replace("\x00", "").strip()[:limit]


def longest_typed():
    """The most text any one field a person types into takes."""
    return LONG


class BoundedTextField(models.TextField):
    """A TextField whose ``max_length`` the model itself enforces.

    Django's TextField hands ``max_length`` to its form field only; this one also checks it in
    ``full_clean``, as a CharField does, so services and imports refuse over-long text too. The
    column stays ``text``: the limit is a rule of the product, not of the database.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length is None:
            raise TypeError("BoundedTextField needs a max_length from coordination.text_limits.")
        self.validators.append(MaxLengthValidator(self.max_length))
