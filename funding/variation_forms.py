"""Forms for grant variations: the grantee's request for a change, the funder's decision on it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.dateinputs import DateField

from .models import VariationKind


class VariationRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you want to change?"),
        choices=VariationKind.choices,
        widget=forms.RadioSelect,
        help_text=_("One kind of change a request. Ask again for another once this is decided."),
    )
    new_purpose = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("For a change of purpose: what the money would be for instead"),
        widget=forms.Textarea,
        required=False,
    )
    new_end = DateField(
        label=_("For a change of period: the new end date"),
        required=False,
        help_text=_("Leave empty to keep the end date."),
    )
    new_spend_by = DateField(
        label=_("For a change of period: the new date to spend the money by"),
        required=False,
        help_text=_("Leave empty to keep the spend-by date."),
    )
    budget_change = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("For a change of budget: how much moves from which heading to which"),
        help_text=_("The total stays the same."),
        widget=forms.Textarea,
        required=False,
    )
    reason = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("Why is the change needed?"),
        widget=forms.Textarea,
    )


class VariationDecisionForm(forms.Form):
    decision = forms.TypedChoiceField(
        label=_("Your decision"),
        choices=[("approve", _("Approve the change")), ("refuse", _("Refuse the change"))],
        coerce=lambda value: value == "approve",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        max_length=text_limits.NOTE,
        label=_("Your reason"),
        help_text=_("Needed when you refuse. The grantee is told."),
        widget=forms.Textarea,
        required=False,
    )
