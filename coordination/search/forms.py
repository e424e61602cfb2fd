"""What a search asks: the words, the kinds of result to show, and the page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .registry import search_kinds
from .selectors import QUERY_LIMIT

MAX_PAGE = 1000


def kind_choices():
    return [(kind.key, kind.plural) for kind in search_kinds()]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=QUERY_LIMIT,
        required=False,
        error_messages={
            "max_length": _("Search must be %(limit_value)d characters or fewer"),
        },
    )
    type = forms.MultipleChoiceField(
        label=_("Show only"),
        choices=kind_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose the kinds of result from the list")},
    )
    page = forms.IntegerField(
        label=_("Page"),
        min_value=1,
        max_value=MAX_PAGE,
        required=False,
        error_messages={
            "invalid": _("Page must be a whole number"),
            "min_value": _("Page must be 1 or more"),
            "max_value": _("Page must be %(limit_value)d or less"),
        },
    )
