"""GOV.UK wording for every form, set once: error messages and the empty choice of a select.

Django's defaults ("This field is required.", "Enter a valid email address.", "Select a valid
choice. X is not one of the available choices.", a select's ``---------``) say nothing of the
field they belong to. GOV.UK's messages name it and say what to do ("Enter organisation name",
"Choose a role", "Amount must be a whole number"). ``apply(bound_field)`` gives a form's field
those words from its label and the kind of control it is; the form renderer
(``forms_renderer.GovukBoundField``) calls it for each field of every form, ours, allauth's and
the admin's, the first time the field is bound: before the form is cleaned or drawn.

- Only Django's own defaults are replaced: a message a form sets itself (``error_messages=`` or
  a field's own class) is kept, and so is an empty choice a form names itself ("No theme").
- Each form has its own copy of its fields (Django deep-copies them per form), so the change is
  that form's only.
- Messages from validators (maximum length, lowest and highest value) are worded here too:
  Django lets a field's ``error_messages`` replace a validator's message of the same code.
- Model fields and their validators are not touched (no migrations), and the API keeps Django
  REST framework's own messages.

A label that is a question ("How many people did it reach?") is quoted rather than bent into the
sentence: "Enter an answer to “How many people did it reach?”".
"""

from django import forms
from django.utils.translation import gettext as _

# Codes whose error Django formats with its params ("%(limit_value)s"): a "%" in a label is escaped.
FORMATTED_CODES = {
    "invalid_choice",
    "invalid_pk_value",
    "max_length",
    "min_length",
    "max_value",
    "min_value",
    "max_digits",
    "max_decimal_places",
    "max_whole_digits",
}
BLANK_LABEL = "---------"  # Django's BLANK_CHOICE_DASH and ModelChoiceField's empty_label
OPTIONAL = "(optional)"
_MARK = "_govuk_worded"


def _default_message(field, code):
    """Django's own message for code on this field's class, or None if Django has none."""
    for cls in type(field).__mro__:
        if not cls.__module__.startswith("django."):
            continue  # a project or library class's own default is a custom message: kept
        default = vars(cls).get("default_error_messages", {}).get(code)
        if default is not None:
            return default
    return None


def _is_default(field, code):
    if code not in field.error_messages:
        return True  # a validator's message: Django's own
    default = _default_message(field, code)
    return default is not None and str(field.error_messages[code]) == str(default)


def label_text(label):
    """The label as words, without the "(optional)" a label may end with."""
    text = " ".join(str(label or "").split())
    if text.lower().endswith(OPTIONAL):
        text = text[: -len(OPTIONAL)].rstrip()
    return text


def _keeps_capital(word):
    # An acronym, a name or "I" keeps its capital: "GSS code", "URL", "I agree".
    return len(word) == 1 or word[:2].isupper() or any(c.isupper() for c in word[1:])


class Words:
    """A label as the object of a sentence ("Enter organisation name") and as its subject
    ("Organisation name must be ...")."""

    def __init__(self, label):
        text = label_text(label) or _("this")
        if text.endswith("?"):
            self.object = _("an answer to “%(question)s”") % {"question": text}
            self.subject = _("The answer to “%(question)s”") % {"question": text}
            return
        first = text.split()[0]
        self.object = text if _keeps_capital(first) else text[0].lower() + text[1:]
        self.subject = text[0].upper() + text[1:]


def _required(kind, words, label):
    if kind == "checkbox":
        return _("Select “%(label)s” to continue") % {"label": label_text(label)}
    if kind == "checkboxes":
        return _("Select %(thing)s") % {"thing": words.object}
    if kind in {"select", "radios", "file", "pickers"}:
        return _("Choose %(thing)s") % {"thing": words.object}
    return _("Enter %(thing)s") % {"thing": words.object}


def _messages(field, kind, words, label):
    """code -> GOV.UK message, for the codes this field can raise."""
    subject = words.subject
    found = {"required": _required(kind, words, label)}
    if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
        choose = _("Choose %(thing)s from the list") % {"thing": words.object}
        found.update(invalid_choice=choose, invalid_pk_value=choose, invalid_list=choose)
    if isinstance(field, forms.EmailField):
        found["invalid"] = _("Enter an email address in the correct format, like name@example.com")
    elif isinstance(field, forms.URLField):
        found["invalid"] = _(
            "Enter a web address in the correct format, like https://www.example.com"
        )
    elif isinstance(field, forms.IntegerField):
        found["invalid"] = _("%(thing)s must be a whole number") % {"thing": subject}
    elif isinstance(field, (forms.DecimalField, forms.FloatField)):
        found["invalid"] = _("%(thing)s must be a number") % {"thing": subject}
    elif isinstance(field, forms.DateTimeField):
        found["invalid"] = _("%(thing)s must be a real date and time") % {"thing": subject}
    elif isinstance(field, forms.DateField):
        found["invalid"] = _("%(thing)s must be a real date") % {"thing": subject}
    elif isinstance(field, forms.TimeField):
        found["invalid"] = _("%(thing)s must be a real time") % {"thing": subject}
    if isinstance(field, forms.DecimalField):
        found["max_decimal_places"] = _("%(thing)s must have %(max)s decimal places or fewer") % {
            "thing": subject,
            "max": field.decimal_places,
        }
        found["max_digits"] = found["max_whole_digits"] = _("%(thing)s is too large a number") % {
            "thing": subject
        }
    if isinstance(field, forms.FileField):
        found.update(
            invalid=_("The selected file could not be read: choose it again"),
            missing=_("Choose %(thing)s") % {"thing": words.object},
            empty=_("The selected file is empty"),
            max_length=_("The selected file’s name must be %(max)d characters or fewer"),
        )
    elif getattr(field, "max_length", None) is not None:
        found["max_length"] = _("%(thing)s must be %(n)s characters or fewer") % {
            "thing": subject,
            "n": f"{field.max_length:,}",
        }
    if getattr(field, "min_length", None) is not None:
        found["min_length"] = _("%(thing)s must be %(n)s characters or more") % {
            "thing": subject,
            "n": f"{field.min_length:,}",
        }
    for code, attribute, words_ in (
        ("max_value", "max_value", _("%(thing)s must be %(limit)s or less")),
        ("min_value", "min_value", _("%(thing)s must be %(limit)s or more")),
    ):
        limit = getattr(field, attribute, None)
        if limit is not None and not callable(limit):
            found[code] = words_ % {"thing": subject, "limit": limit}
    return found


def empty_choice(field, words):
    """What a select's empty choice says: "Choose a role", or for an optional field "No area"."""
    if field.required:
        return _("Choose %(thing)s") % {"thing": words.object}
    return _("No %(thing)s") % {"thing": words.object}


def _word_empty_choice(field, words):
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label is not None and str(field.empty_label) == BLANK_LABEL:
            field.empty_label = empty_choice(field, words)
        return
    if not isinstance(field, forms.ChoiceField) or isinstance(field, forms.MultipleChoiceField):
        return
    choices = list(field.choices)
    if any(value in ("", None) and str(label) == BLANK_LABEL for value, label in choices):
        label = empty_choice(field, words)
        field.choices = [
            (value, label if value in ("", None) and str(text) == BLANK_LABEL else text)
            for value, text in choices
        ]


def apply(bound_field, kind):
    """Give bound_field's field GOV.UK messages and empty choice (once per form's field)."""
    field = bound_field.field
    if getattr(field, _MARK, False):
        return
    setattr(field, _MARK, True)
    label = bound_field.label
    words = Words(label)
    for code, message in _messages(field, kind, words, label).items():
        if _is_default(field, code):
            if code in FORMATTED_CODES and not (code == "max_length" and kind == "file"):
                message = message.replace("%", "%%")
            field.error_messages[code] = message
    _word_empty_choice(field, words)
