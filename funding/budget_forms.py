"""Forms for rounds where residents decide part of a fund: the round, a project on its ballot,
and the ballot itself."""

from django import forms
from django.utils.translation import gettext_lazy as _

from boards import selectors as board_selectors
from coordination import text_limits
from coordination.dateinputs import DateField

from .models.budgeting import AREA_NOT_DECLARED, NO_PROJECT_CHOSEN

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": 0}


class BudgetRoundForm(forms.Form):
    title = forms.CharField(max_length=150, label=_("Title"))
    description = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("What residents are deciding (optional)"),
        widget=forms.Textarea,
        required=False,
    )
    amount = forms.DecimalField(
        label=_("Amount residents decide (£)"),
        help_text=_("Part of what the fund has left."),
        **MONEY,
    )
    ideas_open_on = DateField(label=_("Ideas open"))
    ideas_close_on = DateField(label=_("Ideas close"))
    voting_opens_on = DateField(
        label=_("Voting opens"), help_text=_("After ideas close: the group costs ideas between.")
    )
    voting_closes_on = DateField(label=_("Voting closes"))


class BudgetProjectForm(forms.Form):
    proposal = forms.ModelChoiceField(
        queryset=None,
        label=_("The idea it comes from (optional)"),
        required=False,
        help_text=_("Its proposer is told their idea is on the ballot."),
    )
    title = forms.CharField(max_length=150, label=_("Project title"))
    summary = forms.CharField(
        max_length=text_limits.NOTE, label=_("What the money would do"), widget=forms.Textarea
    )
    cost = forms.DecimalField(label=_("Cost (£)"), **MONEY)

    def __init__(self, *args, place, budget_round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = board_selectors.ideas_for_a_ballot(
            place, budget_round.fund.board
        ).order_by("title", "pk")


class BallotForm(forms.Form):
    projects = forms.MultipleChoiceField(
        label=_("Projects you choose"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": NO_PROJECT_CHOSEN},
    )
    lives_in_area = forms.BooleanField(
        label=_("I live, work or study in the area"),
        error_messages={"required": AREA_NOT_DECLARED},
    )

    def __init__(self, *args, projects=(), amount=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].choices = [
            (str(p.pk), f"{p.title} (£{p.cost:,.0f})") for p in projects
        ]
        if amount is not None:
            self.fields["projects"].help_text = _(
                "Choose projects whose costs together are £%(amount)s or less."
            ) % {"amount": f"{amount:,.0f}"}
