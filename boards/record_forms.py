"""Forms for a meeting's permanent records: the counts of a decision, and the amendment of a
declaration, vote or decision (a reason, and the values corrected or the record withdrawn)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination import text_limits

from .models import DecisionMethod, InterestKind, VoteChoice


class DecisionCountsMixin:
    """By a vote, the counts; by consensus, none."""

    @staticmethod
    def count_field(label):
        return forms.IntegerField(
            label=label,
            min_value=0,
            max_value=500,
            required=False,
            widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
            help_text=_("By a vote only. Left empty, the votes recorded on the item count."),
        )

    def clean(self):
        data = super().clean()
        if data.get("method") == DecisionMethod.CONSENSUS:
            counted = [f for f in ("votes_for", "votes_against", "votes_abstain") if data.get(f)]
            for name in counted:
                self.add_error(
                    name, _("A decision by consensus records no votes: leave this empty.")
                )
        return data


class AmendmentForm(forms.Form):
    """What every amendment asks: why, and whether the record is withdrawn."""

    reason = forms.CharField(
        label=_("Reason for the amendment"),
        max_length=text_limits.TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("It is kept with the record's history, with your name and the date."),
        error_messages={"required": _("Say why the record is amended.")},
    )
    withdraw = forms.BooleanField(
        label=_("Withdraw this record: it stays in the minutes, marked withdrawn"),
        required=False,
    )

    def __init__(self, *args, record, **kwargs):
        initial = {name: getattr(record, name) for name in self.amendable}
        super().__init__(*args, initial={**initial, **kwargs.pop("initial", {})}, **kwargs)
        self.order_fields([*self.amendable, "reason", "withdraw"])

    def changes(self):
        return {name: self.cleaned_data.get(name) for name in self.amendable}


class DeclarationAmendForm(AmendmentForm):
    amendable = ("kind", "nature")
    kind = forms.ChoiceField(
        label=_("Kind of interest"), choices=InterestKind.choices, widget=forms.RadioSelect
    )
    nature = forms.CharField(
        label=_("Nature of the interest"),
        max_length=text_limits.NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VoteAmendForm(AmendmentForm):
    amendable = ("choice",)
    choice = forms.ChoiceField(
        label=_("Vote"), choices=VoteChoice.choices, widget=forms.RadioSelect
    )


class DecisionAmendForm(DecisionCountsMixin, AmendmentForm):
    amendable = ("text", "method", "votes_for", "votes_against", "votes_abstain")
    text = forms.CharField(
        label=_("Decision"), max_length=text_limits.TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    method = forms.ChoiceField(
        label=_("How the board decided"), choices=DecisionMethod.choices, widget=forms.RadioSelect
    )
    votes_for = DecisionCountsMixin.count_field(_("Votes for"))
    votes_against = DecisionCountsMixin.count_field(_("Votes against"))
    votes_abstain = DecisionCountsMixin.count_field(_("Abstentions"))

    def changes(self):
        found = super().changes()
        for name in ("votes_for", "votes_against", "votes_abstain"):
            found[name] = found[name] or 0
        return found
