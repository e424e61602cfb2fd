"""A select rendered in one pass (coordination/form_options.py) is what Django's templates write."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from coordination.forms_renderer import GovukFormRenderer

CHOICES = [
    ("", "Choose one"),
    (1, "Ann & Bob's <group>"),
    ("Councils", [(2, "Sutton Council"), (3, mark_safe("<b>Safe</b> label"))]),
    ('x"y', "Quote \" and apostrophe '"),
    (4, 4),
]


@pytest.mark.parametrize(
    "widget, value",
    [
        (forms.Select(choices=CHOICES), "2"),
        (forms.Select(choices=CHOICES, attrs={"class": "govuk-select", "disabled": True}), ""),
        (forms.Select(choices=CHOICES, attrs={"data-x": "a<b", "hidden": False}), None),
        (forms.SelectMultiple(choices=CHOICES), ["1", "3", 'x"y']),
        (forms.NullBooleanSelect(), "true"),
        (forms.Select(choices=[]), None),
    ],
    ids=["selected", "attributes", "escaped", "multiple", "null-boolean", "empty"],
)
def test_a_select_is_written_as_djangos_templates_write_it(widget, value):
    attrs = {"id": "id_who", "aria-describedby": "who-hint"}
    djangos = widget.render("who", value, attrs=attrs, renderer=DjangoTemplates())
    ours = widget.render("who", value, attrs=attrs, renderer=GovukFormRenderer())
    assert ours == djangos
    assert "<option" in ours or not widget.choices


def test_an_option_with_a_template_of_its_own_still_uses_it():
    class Marked(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Marked(choices=[(1, "One")])
    djangos = widget.render("n", "1", renderer=DjangoTemplates())
    assert widget.render("n", "1", renderer=GovukFormRenderer()) == djangos
