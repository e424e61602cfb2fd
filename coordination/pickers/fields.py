"""Form fields that pick one of thousands (a place's organisations or people) by typing.

The page draws a text box. With JavaScript (static/js/pickers.js), GOV.UK's accessible
autocomplete suggests matches from the source's endpoint as the person types, and choosing one
fills a hidden ``<name>_id``. Without it, the typed name is matched on the server: one exact name
is taken; otherwise the field says so and offers the closest matches as radios (``<name>_choice``)
to choose from. A short list (``SELECT_UP_TO`` rows or fewer) is drawn as a plain select, with the
same ``<name>_choice`` name, since typing would only slow people down.

The field's queryset stays what the form allows, so a name typed or an id sent from outside it is
refused as any other choice would be.

``PickerMultipleField`` (``multiple.py``) picks several the same way: see docs/pickers.md.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .common import SELECT_UP_TO, SourceFieldMixin


class Picked(str):
    """What the browser sent for a picker: the typed text, and any id or choice with it."""

    def __new__(cls, text="", pk="", choice=""):
        value = super().__new__(cls, text or "")
        value.pk = (pk or "").strip()
        value.choice = (choice or "").strip()
        return value


class PickerInput(forms.TextInput):
    template_name = "forms/govuk/picker.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.field = None  # the PickerField drawing this widget

    def value_from_datadict(self, data, files, name):
        return Picked(
            data.get(name, ""), data.get(f"{name}_id", ""), data.get(f"{name}_choice", "")
        )

    def value_omitted_from_data(self, data, files, name):
        return all(key not in data for key in (name, f"{name}_id", f"{name}_choice"))

    def get_context(self, name, value, attrs):
        field = self.field
        picked = field.picked_row(value) if field is not None else None
        text = value if isinstance(value, Picked) else (field.label_of(picked) if picked else "")
        context = super().get_context(name, text, attrs)
        widget = context["widget"]
        widget.update(
            noun=field.noun if field is not None else "",
            short=False,
            text=text,
            pk=picked.pk if picked is not None else "",
            id_name=f"{name}_id",
            choice_name=f"{name}_choice",
        )
        if field is None:
            return context
        if field.is_short():
            widget["short"] = True
            widget["options"] = [(row.pk, field.option_label(row)) for row in field.queryset]
            widget["select_class"] = " ".join(
                ["govuk-select"]
                + (
                    ["govuk-select--error"]
                    if "govuk-input--error" in widget["attrs"].get("class", "")
                    else []
                )
            )
        else:
            widget["url"] = field.url
            if isinstance(value, Picked) and value.strip() and picked is None:
                widget["matches"] = [(row.pk, field.label_of(row)) for row in field.matches(value)]
        return context


class PickerField(SourceFieldMixin, forms.ModelChoiceField):
    """Pick one row of a registered source; call ``for_place(place)`` in the form's ``__init__``."""

    widget = PickerInput
    default_error_messages = {
        "no_match": _("No %(noun)s matches “%(text)s”. Check the spelling or try part of the name"),
        "choose": _("Choose which %(noun)s you mean"),
    }

    def __init__(self, *, source, noun, queryset=None, **kwargs):
        self._set_source(source, noun)
        kwargs.setdefault("empty_label", None)
        super().__init__(queryset, **kwargs)
        self._bind_widget()

    def picked_row(self, value):
        """The row a value names without asking anything more, or None."""
        if not isinstance(value, Picked):
            if value in self.empty_values:
                return None
            return self._by_pk(getattr(value, "pk", value))
        if value.choice:
            return self._by_pk(value.choice)
        row = self._by_pk(value.pk) if value.pk else None
        if row is not None and value.strip() == self.label_of(row):
            return row
        text = value.strip()
        if not text:
            return None
        exact = self.named_exactly(text)
        if len(exact) == 1:
            return exact[0]
        # A bare id in the box: what a script, or a form posted as before pickers, sends.
        return self._by_pk(text) if not exact and not value.pk else None

    def to_python(self, value):
        if isinstance(value, Picked):
            if not (value.strip() or value.choice):
                return None
        elif value in self.empty_values:
            return None
        row = self.picked_row(value)
        if row is not None:
            return row
        text = str(value).strip()
        if not isinstance(value, Picked) or value.choice or text.isdigit() or not text:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        params = {"noun": self.noun, "text": text[:100]}
        if self.matches(text):
            raise ValidationError(self.error_messages["choose"], code="choose", params=params)
        raise ValidationError(self.error_messages["no_match"], code="no_match", params=params)

    def prepare_value(self, value):
        return value

    def has_changed(self, initial, data):
        initial_pk = getattr(initial, "pk", initial)
        row = self.picked_row(data)
        return str(initial_pk or "") != str(row.pk if row else "")


from .multiple import PickerMultipleField  # noqa: E402  (the same API, one import)

__all__ = ["SELECT_UP_TO", "Picked", "PickerField", "PickerInput", "PickerMultipleField"]
