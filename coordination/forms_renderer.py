"""The site's one form renderer: every Django form, ours and allauth's, as GOV.UK Frontend markup.

It names the form and field templates under templates/forms/govuk/ and a bound field that gives each
widget its GOV.UK class (and error modifier), so no form or template sets classes by hand. No widget
keeps a placeholder (allauth's set some): a label and hint say what to type.

A textarea whose field has a ``max_length`` (every one: coordination/text_limits.py) becomes GOV.UK
Frontend's character count: the limit is stated under the box, and with JavaScript the count of what
is left updates as people type. The browser's ``maxlength`` is left off, as GOV.UK advises, so
pasted text is never cut short silently: text over the limit stays in the box, marked as an error,
and the form says so before it is sent (static/js/text-limits.js) and again if it is sent anyway.
A line break a browser sends as CR LF is read as one character, as the count shows it.

Every field gets GOV.UK's wording as it is bound (``coordination/form_wording.py``): "Enter
organisation name", not "This field is required.", and a select's empty choice "Choose a role"
rather than ``---------``. A label that already ends "(optional)" is not given it twice.
"""

from pathlib import Path

import django.forms
from django.conf import settings
from django.contrib.admin.widgets import AdminTextareaWidget
from django.forms import widgets
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property

from coordination import form_wording
from coordination.dateinputs import DateInput
from coordination.pickers.multiple import PickerMultipleInput


class InlineRadioSelect(widgets.RadioSelect):
    """Radios side by side (GOV.UK's inline radios), for two or three short options."""

    inline = True


# (widget class, the kind of GOV.UK control, the class for the input, its error modifier or "")
# Order matters: subclasses before the classes they extend.
_KINDS = [
    # The GOV.UK date input: its boxes take the input classes, each marked in error on its own.
    (DateInput, "date", "govuk-input", "govuk-input--error"),
    # A multiple picker: its ticked rows are checkboxes, its box to add one takes these classes.
    (PickerMultipleInput, "pickers", "govuk-input", "govuk-input--error"),
    (widgets.CheckboxSelectMultiple, "checkboxes", "govuk-checkboxes__input", ""),
    (widgets.RadioSelect, "radios", "govuk-radios__input", ""),
    (widgets.CheckboxInput, "checkbox", "govuk-checkboxes__input", ""),
    (widgets.Select, "select", "govuk-select", "govuk-select--error"),
    (widgets.Textarea, "textarea", "govuk-textarea", "govuk-textarea--error"),
    (widgets.ClearableFileInput, "file", "govuk-file-upload", "govuk-file-upload--error"),
    (widgets.FileInput, "file", "govuk-file-upload", "govuk-file-upload--error"),
    (widgets.HiddenInput, "hidden", "", ""),
    (widgets.Input, "input", "govuk-input", "govuk-input--error"),
]


def _kind_of(widget):
    for widget_class, kind, css, error_css in _KINDS:
        if isinstance(widget, widget_class):
            return kind, css, error_css
    return "other", "", ""


class GovukBoundField(BoundField):
    """A bound field that knows which GOV.UK control it is and dresses its widget to match.

    Binding a field also gives it GOV.UK's wording (``form_wording.apply``): its error messages
    and a select's empty choice. A form binds each field before it cleans or draws it.
    """

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        form_wording.apply(self, self.govuk_kind)

    @property
    def govuk_kind(self):
        return _kind_of(self.field.widget)[0]

    @property
    def is_optional(self):
        if self.govuk_kind == "radios" and self.initial not in (None, ""):
            return False  # one option is always chosen: there is nothing to leave out
        if form_wording.label_text(self.label) != " ".join(str(self.label or "").split()):
            return False  # the label says "(optional)" itself: not twice
        return not self.field.required and self.govuk_kind not in {"checkbox", "hidden"}

    @property
    def text_limit(self):
        """The most characters a textarea takes, or None for any other control."""
        if self.govuk_kind != "textarea" or isinstance(self.field.widget, AdminTextareaWidget):
            return None  # the admin draws its own fields: no count message, the browser's maxlength
        return getattr(self.field, "max_length", None)

    @property
    def count_message_id(self):
        # GOV.UK Frontend's character count finds its message as "<textarea id>-info".
        return f"{self.auto_id}-info"

    @property
    def data(self):
        value = super().data
        if self.govuk_kind == "textarea" and isinstance(value, str):
            return value.replace("\r\n", "\n")
        return value

    @property
    def aria_describedby(self):
        described_by = super().aria_describedby
        if self.text_limit and self.auto_id and described_by is not None:
            return " ".join(filter(None, [self.count_message_id, described_by]))
        return described_by

    @property
    def error_target_id(self):
        """Where the error summary's link for this field lands: the control, or its first option."""
        if self.govuk_kind in {"checkboxes", "radios"}:
            return f"{self.auto_id}_0"
        if self.govuk_kind == "pickers":
            return f"{self.auto_id}_0" if self.field.is_short() else f"{self.auto_id}_add"
        if self.govuk_kind == "date":
            # The first box in error (a date missing its month: the month), else the day.
            bad = getattr(self.data, "bad_parts", None) if self.form.is_bound else None
            return f"{self.auto_id}_{bad[0] if bad else 'day'}"
        return self.id_for_label or self.auto_id

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        _kind, css, error_css = _kind_of(widget)
        classes = [
            css,
            error_css if self.errors else "",
            widget.attrs.get("class", ""),
            attrs.get("class", ""),
        ]
        # No placeholders (GOV.UK: they vanish as people type and fail contrast); allauth's
        # fields set them, so they are taken off here for every form.
        attrs["placeholder"] = False
        if self.text_limit and widget is self.field.widget:
            classes.append("govuk-js-character-count")
            attrs["maxlength"] = False  # Django leaves out an attribute whose value is False
        joined = " ".join(c for c in classes if c)
        if joined:
            attrs["class"] = joined
        return attrs


class GovukFormRenderer(DjangoTemplates):
    form_template_name = "forms/govuk/form.html"
    field_template_name = "forms/govuk/field.html"
    bound_field_class = GovukBoundField

    @cached_property
    def engine(self):
        # The project's templates first (the GOV.UK form and field templates), then Django's own
        # widget templates, which the project engine cannot see without "django.forms" installed.
        project_dirs = [Path(d) for config in settings.TEMPLATES for d in config.get("DIRS", [])]
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [*project_dirs, Path(django.forms.__file__).parent / "templates"],
                "NAME": "govukforms",
                # select_options: the options of a select in one pass (see form_options.py).
                "OPTIONS": {"builtins": ["coordination.form_options"]},
            }
        )
