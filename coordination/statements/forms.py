"""Forms for publishing a statement, naming the place's contacts, and accepting the terms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination import text_limits

from .models import CHANGES_LENGTH, StatementContacts


class StatementForm(forms.Form):
    body = forms.CharField(
        label=_("Statement"),
        max_length=text_limits.LONG,
        widget=forms.Textarea(attrs={"rows": 25}),
        help_text=_(
            "Plain text. Leave a blank line between paragraphs. Start a heading with ## and a "
            "list item with a dash (-). Write a link as [words](https://example.org). Words in "
            "{{ double braces }} are filled in for you, such as {{ controller }}."
        ),
        error_messages={
            "required": _("Enter the statement"),
            "max_length": _("The statement must be %(limit_value)s characters or fewer"),
        },
    )
    changes = forms.CharField(
        label=_("Summary of changes"),
        max_length=CHANGES_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What is different from the version people see now, in a sentence or two."),
        error_messages={
            "required": _("Enter a summary of the changes"),
            "max_length": _("The summary must be %(limit_value)s characters or fewer"),
        },
    )


class ContactsForm(forms.ModelForm):
    class Meta:
        model = StatementContacts
        fields = ["controller", "controller_contact", "dpo_contact", "accessibility_contact"]
        error_messages = {
            "controller": {"required": _("Enter the name of the data controller")},
            "controller_contact": {"required": _("Enter how to contact the data controller")},
            "dpo_contact": {"required": _("Enter how to contact the data protection officer")},
            "accessibility_contact": {
                "required": _("Enter where to report an accessibility problem")
            },
        }

    def __init__(self, *args, place, **kwargs):
        kwargs.setdefault("instance", StatementContacts(place=place))
        super().__init__(*args, **kwargs)
