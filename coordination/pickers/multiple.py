"""A form field that picks several of thousands (a tender's consortium partners) by typing.

The rows chosen are a GOV.UK checkbox list, ticked, named ``<name>``: unticking one takes it off.
Under it, an "Add an organisation" box (``<name>_add``) with the same autocomplete as the single
picker: with JavaScript (static/js/pickers.js), choosing a suggestion adds a ticked checkbox at
once and empties the box. Without it, the text typed is matched when the form is sent: one exact
name is added; if several rows match, the field says "Choose which organisation you mean" and
offers the closest as checkboxes (``<name>_choice``); if none, it says so. Either way the form is
shown again with everything chosen so far still ticked.

A short source (``SELECT_UP_TO`` rows or fewer) is drawn as plain checkboxes of every row.

The field's queryset stays what the form allows: an id sent from outside it is refused with an
error on the field, and at most ``most`` ids (50 unless the form says) are read at all.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .common import SourceFieldMixin

MOST = 50


class PickedMany:
    """What the browser sent for a multiple picker: the ids ticked, the text typed in the box to
    add one, and any ids ticked among the closest matches to that text."""

    def __init__(self, ids=(), text="", choices=()):
        self.ids = list(ids)
        self.text = (text or "").strip()
        self.choices = list(choices)

    def __bool__(self):
        return bool(self.ids or self.text or self.choices)


def _listed(data, key):
    getlist = getattr(data, "getlist", None)
    values = getlist(key) if getlist is not None else data.get(key, [])
    if values is None:
        return []
    if isinstance(values, (str, int)):
        return [values]
    return list(values)


class PickerMultipleInput(forms.Widget):
    template_name = "forms/govuk/picker_multiple.html"
    use_fieldset = True

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.field = None  # the PickerMultipleField drawing this widget

    def value_from_datadict(self, data, files, name):
        text = data.get(f"{name}_add", "")
        return PickedMany(
            _listed(data, name),
            text if isinstance(text, str) else "",
            _listed(data, f"{name}_choice"),
        )

    def value_omitted_from_data(self, data, files, name):
        # A form whose boxes are all unticked sends nothing for them: that is a choice of none.
        return False

    def id_for_label(self, id_):
        return ""  # the fieldset's legend names the field; the box to add to has its own label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, None, attrs)
        widget = context["widget"]
        field = self.field
        widget.update(noun="", short=False, options=[], picked=[], matches=[], text="")
        if field is None:
            return context
        ids = field.ids_in(value)
        widget.update(
            noun=field.noun,
            add_label=field.add_label or gettext("Add %(noun)s") % {"noun": field.noun},
            add_id=f"{widget['attrs'].get('id', name)}_add",
            add_name=f"{name}_add",
            choice_name=f"{name}_choice",
            in_error=bool(widget["attrs"].get("aria-invalid")),
        )
        if field.is_short():
            row, _pending = field.typed_row(value)
            chosen = set(ids) | ({str(row.pk)} if row else set())
            widget["short"] = True
            widget["options"] = [
                (row.pk, field.option_label(row), str(row.pk) in chosen) for row in field.queryset
            ]
            return context
        rows, _refused = field.rows_of(ids)
        row, pending = field.typed_row(value)
        if row is not None and row not in rows:
            rows.append(row)
        widget["picked"] = [(row.pk, field.option_label(row)) for row in rows]
        widget["url"] = field.url
        if pending:
            have = {row.pk for row in rows}
            found = field.matches(pending)
            widget["matches"] = [
                (row.pk, field.option_label(row)) for row in found if row.pk not in have
            ]
            # Text whose every match is ticked already has been answered: the box is emptied.
            widget["text"] = pending if widget["matches"] or not found else ""
        return context


class PickerMultipleField(SourceFieldMixin, forms.ModelMultipleChoiceField):
    """Pick several rows of a registered source; call ``for_place(place)`` in the form's
    ``__init__``. ``add_label`` names the box to add one ("Add an organisation")."""

    widget = PickerMultipleInput
    default_error_messages = {
        "no_match": _("No %(noun)s matches “%(text)s”. Check the spelling or try part of the name"),
        "choose": _("Choose which %(noun)s you mean"),
        "too_many": _("Choose %(most)d or fewer. Untick some to take them off the list"),
    }

    def __init__(self, *, source, noun, add_label=None, most=MOST, queryset=None, **kwargs):
        self._set_source(source, noun)
        self.add_label = add_label
        self.most = most
        super().__init__(queryset, **kwargs)
        self._bind_widget()

    def ids_in(self, value):
        """The ids a value ticks or chooses, each once, in order (as text)."""
        if isinstance(value, PickedMany):
            raw = value.ids + value.choices
        elif value in self.empty_values:
            raw = []
        elif isinstance(value, (str, int)) or hasattr(value, "pk"):
            raw = [value]
        else:
            raw = list(value)
        ids = []
        for item in raw:
            text = str(getattr(item, "pk", item)).strip()
            if text and text not in ids:
                ids.append(text)
        return ids

    def rows_of(self, ids):
        """(the queryset's rows these ids name, in order; the ids that name none of them)."""
        wanted = [pk for pk in ids if pk.isdigit() and len(pk) < 19]
        found = {str(row.pk): row for row in self.queryset.filter(pk__in=wanted)} if wanted else {}
        return [found[pk] for pk in ids if pk in found], [pk for pk in ids if pk not in found]

    def typed_row(self, value):
        """(the row the text typed to add one names exactly, or None; the text still unsettled).

        Text is unsettled when it names no row, or several alike. Once someone ticks among the
        closest matches offered, the text has been answered and is left alone.
        """
        if not isinstance(value, PickedMany) or not value.text or value.choices:
            return None, ""
        exact = self.named_exactly(value.text)
        if len(exact) == 1:
            return exact[0], ""
        return None, value.text

    def _too_many(self, count):
        return ValidationError(
            self.error_messages["too_many"],
            code="too_many",
            params={"most": self.most, "count": count},
        )

    def clean(self, value):
        ids = self.ids_in(value)
        if len(ids) > self.most:
            raise self._too_many(len(ids))
        rows, refused = self.rows_of(ids)
        if refused:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": refused[0][:20]},
            )
        row, pending = self.typed_row(value)
        if pending:
            params = {"noun": self.noun, "text": pending[:100]}
            found = self.matches(pending)
            if not found:
                raise ValidationError(
                    self.error_messages["no_match"], code="no_match", params=params
                )
            if any(match not in rows for match in found):
                raise ValidationError(self.error_messages["choose"], code="choose", params=params)
            # Every row the text matches is ticked already: nothing more to add.
        if row is not None and row not in rows:
            rows.append(row)
        if len(rows) > self.most:
            raise self._too_many(len(rows))
        if self.required and not rows:
            raise ValidationError(self.error_messages["required"], code="required")
        self.run_validators(rows)
        return self.queryset.filter(pk__in=[row.pk for row in rows])

    def prepare_value(self, value):
        return value

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        before = set(self.ids_in(initial))
        after = set(self.ids_in(data))
        row, _pending = self.typed_row(data)
        if row is not None:
            after.add(str(row.pk))
        return before != after
