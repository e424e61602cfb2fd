"""The place admin's form for a webhook subscription."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.web_addresses import WebAddressFormField

from .services import event_choices


class SubscriptionForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=120, help_text=_("Which system receives it, e.g. Council CRM.")
    )
    url = WebAddressFormField(
        label=_("Address to send to"),
        max_length=500,
        help_text=_("An https:// address of the receiving system."),
    )
    events = forms.MultipleChoiceField(
        label=_("Which changes?"),
        help_text=_("Select all that apply."),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = event_choices()
