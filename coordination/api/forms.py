"""The place admin's form for a new partner key."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .scopes import scope_choices

RATE = re.compile(r"^[1-9][0-9]{0,5}/(sec|min|hour|day)$")


class PartnerKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("Which system will use it, so you know which key to revoke, e.g. Council CRM."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What may it change?"),
        help_text=_(
            "Every key can read what you can read in this place. Select what it may also change."
        ),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    rate = forms.CharField(
        label=_("Rate limit (optional)"),
        help_text=_("Requests allowed, such as 600/min or 10000/day. Leave empty for the default."),
        required=False,
        max_length=20,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = [c for c in scope_choices() if c[0] != "read"]

    def clean_rate(self):
        rate = self.cleaned_data["rate"].strip().replace(" ", "")
        if rate and not RATE.match(rate):
            raise forms.ValidationError(
                _("Enter a number of requests, a slash and sec, min, hour or day, like 600/min.")
            )
        return rate
