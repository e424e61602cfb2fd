"""Forms for comments on ideas, reports of posts and moderators' decisions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination import text_limits

from .models import ReportReason


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=text_limits.NOTE,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Everyone can read it, with your name and the date."),
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with it?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
    )
    detail = forms.CharField(
        label=_("Tell the moderator more"),
        max_length=text_limits.NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Needed if you choose “Something else”."),
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == ReportReason.OTHER and not data.get("detail", "").strip():
            self.add_error("detail", _("Say what is wrong with the post."))
        return data


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it hidden?"),
        max_length=300,
        help_text=_("Shown to everyone in place of the post, and sent to its author."),
    )


class RestoreForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it restored?"),
        max_length=text_limits.NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the audit trail and sent to its author."),
    )


class KeepForm(forms.Form):
    """Confirms that a reported post stays up: no fields."""
