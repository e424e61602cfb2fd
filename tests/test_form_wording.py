"""GOV.UK wording in every form (coordination/form_wording.py, applied by the forms renderer).

A walk over every form class of the project: no select offers Django's ``---------``, no date is
a plain text box (coordination/dateinputs.py), and a form sent empty says what to do ("Enter ...",
"Choose ...") instead of "This field is required.".
"""

import copy
import importlib
import inspect

import pytest
from django import forms
from django.apps import apps

from coordination.places.tenancy import place_scope
from tests.support.factories import UserFactory

PROJECT_PACKAGES = {"coordination", "boards", "funding", "commissioning", "mapping"}
DJANGO_DEFAULTS = [
    "---------",
    "This field is required.",
    "Select a valid choice",
    "Enter a valid",
    "Enter a whole number.",
    "Ensure this value",
]


class Everything(forms.Form):
    name = forms.CharField(label="Organisation name", max_length=20)
    email = forms.EmailField(label="Email address")
    reached = forms.IntegerField(label="How many people did it reach?", min_value=0, required=False)
    share = forms.IntegerField(label="Share (%)", max_value=100)
    amount = forms.DecimalField(label="Amount", max_digits=6, decimal_places=2)
    role = forms.ChoiceField(label="Role", choices=[("", "---------"), ("a", "A")])
    kinds = forms.MultipleChoiceField(
        label="Kinds", choices=[("a", "A")], widget=forms.CheckboxSelectMultiple
    )
    website = forms.URLField(label="Website (optional)", required=False, assume_scheme="https")
    agree = forms.BooleanField(label="I agree to the terms")
    custom = forms.CharField(label="Custom", error_messages={"required": "Say something"})
    area = forms.ChoiceField(label="Area", choices=[("", "---------"), ("a", "A")], required=False)
    gss = forms.CharField(label="GSS code")


def test_messages_name_the_field_and_say_what_to_do():
    form = Everything(
        data={
            "name": "x" * 21,
            "email": "nope",
            "reached": "-1",
            "share": "150",
            "amount": "1.234",
            "role": "z",
            "kinds": ["z"],
            "website": "not a web address",
            "area": "z",
        }
    )
    assert not form.is_valid()
    assert form.errors == {
        "name": ["Organisation name must be 20 characters or fewer"],
        "email": ["Enter an email address in the correct format, like name@example.com"],
        "reached": ["The answer to “How many people did it reach?” must be 0 or more"],
        "share": ["Share (%) must be 100 or less"],
        "amount": ["Amount must have 2 decimal places or fewer"],
        "role": ["Choose role from the list"],
        "kinds": ["Choose kinds from the list"],
        "website": ["Enter a web address in the correct format, like https://www.example.com"],
        "agree": ["Select “I agree to the terms” to continue"],
        "custom": ["Say something"],  # a form's own message is kept
        "area": ["Choose area from the list"],
        "gss": ["Enter GSS code"],  # an acronym keeps its capitals
    }
    form = Everything(data={"reached": "many", "share": "1.5"})
    form.is_valid()
    assert form.errors["reached"] == [
        "The answer to “How many people did it reach?” must be a whole number"
    ]
    assert form.errors["share"] == ["Share (%) must be a whole number"]
    assert form.errors["role"] == ["Choose role"]
    assert form.errors["kinds"] == ["Select kinds"]
    assert form.errors["email"] == ["Enter email address"]


def test_a_select_offers_a_choice_not_dashes():
    html = str(Everything()["role"]) + str(Everything()["area"])
    assert '<option value="" selected>Choose role</option>' in html
    assert '<option value="" selected>No area</option>' in html  # optional: choosing it means none
    assert "---------" not in html


def test_a_label_saying_optional_is_not_given_it_twice():
    html = Everything().as_div()
    assert "Website (optional)" in html
    assert "(optional) (optional)" not in html
    assert "How many people did it reach? (optional)" in html  # added once by the renderer


def test_one_forms_wording_is_its_own():
    """Each form has its own copy of its fields: wording one leaves the class as it was."""
    Everything(data={}).is_valid()
    assert str(Everything.base_fields["role"].error_messages["required"]) == (
        "This field is required."
    )
    assert Everything.base_fields["role"].choices[0] == ("", "---------")


def _project_forms():
    for config in apps.get_app_configs():
        if config.name.split(".")[0] in PROJECT_PACKAGES:
            for module in ("forms", "record_forms", "structure_forms", "budget_forms"):
                try:
                    importlib.import_module(f"{config.name}.{module}")
                except ModuleNotFoundError:
                    pass

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    found = {}
    for form in subclasses(forms.BaseForm):
        module = form.__module__
        if module.split(".")[0] in PROJECT_PACKAGES and not module.startswith("tests"):
            found[f"{module}.{form.__qualname__}"] = form
    return [pytest.param(form, id=name) for name, form in sorted(found.items())]


def _instances(form_class, place, person):
    """The form as its view makes it when the walk knows its arguments, else its declared
    fields in a plain form (what Django puts in them is what this test is about)."""
    given = {"place": place, "user": person, "actor": person, "can_manage": True}
    needed = {}
    for cls in form_class.__mro__:
        if "__init__" in vars(cls):
            for name, p in inspect.signature(cls.__init__).parameters.items():
                if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD) and name != "self":
                    needed.setdefault(name, p)
    kwargs = {}
    for name, p in needed.items():
        if name in given:
            kwargs[name] = given[name]
        elif p.default is p.empty and name not in {"data", "files", "instance"}:
            kwargs = None
            break
    if kwargs is not None:
        try:
            return form_class(**kwargs), form_class(data={}, **kwargs)
        except Exception:  # noqa: BLE001, S110 - arguments this walk cannot make: the fields alone
            pass

    def plain(**kwargs):
        form = forms.Form(**kwargs)
        form.fields = {
            name: copy.deepcopy(field)
            for name, field in form_class.base_fields.items()
            # a queryset the form's __init__ gives: nothing to draw without it
            if getattr(field, "queryset", True) is not None
        }
        return form

    return plain(), plain(data={})


@pytest.mark.parametrize("form_class", _project_forms())
def test_every_form_speaks_govuk(form_class, bucks):
    person = UserFactory()
    with place_scope(bucks):
        blank, sent_empty = _instances(form_class, bucks, person)
        html = str(blank)
        plain_dates = [
            name
            for name, field in blank.fields.items()
            if isinstance(field, (forms.DateField, forms.DateTimeField))
            and blank[name].govuk_kind != "date"
        ]
        sent_empty.is_valid()
        errors = [str(e) for field_errors in sent_empty.errors.values() for e in field_errors]
    found = [default for default in DJANGO_DEFAULTS if default in html]
    assert not found, f"{form_class.__name__} shows Django's {found}"
    assert "(optional) (optional)" not in html
    assert not plain_dates, f"{form_class.__name__}: a date in a text box, not GOV.UK's date input"
    defaults = [e for e in errors if any(d in e for d in DJANGO_DEFAULTS)]
    assert not defaults, f"{form_class.__name__} sent empty says {defaults}"
