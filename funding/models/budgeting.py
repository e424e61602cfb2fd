"""Participatory budgeting: residents decide part of a community group's devolved fund.

A round sets aside an amount of a board fund and runs in phases with dates: ideas, shortlist, vote,
results. Residents vote once per round (one ballot per resident per area), choosing projects whose
costs together fit the amount. The results are public, and the projects chosen are carried into
the fund's decisions at the group's meeting, so the spend stays accountable. Ballots and the
choices on them are records others rely on: nothing deletes them by a cascade. Who chose what is
never shown, only the counts.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.places.tenancy import PlaceScoped, place_scoped_manager

from .board_funds import BoardFund, FundApplication
from .programmes import MONEY

NO_PROJECT_CHOSEN = _("Choose at least one project.")
AREA_NOT_DECLARED = _(
    "Confirm that you live, work or study in the area: each resident of the area votes once."
)


class BudgetPhase(models.TextChoices):
    UPCOMING = "upcoming", _("Not open yet")
    IDEAS = "ideas", _("Ideas")
    SHORTLIST = "shortlist", _("Shortlist")
    VOTE = "vote", _("Vote")
    COUNTING = "counting", _("Counting")
    RESULTS = "results", _("Results")


class BudgetRound(PlaceScoped):
    """A part of a board fund that residents decide, with the dates of each phase."""

    fund = models.ForeignKey(BoardFund, on_delete=models.PROTECT, related_name="budget_rounds")
    title = models.CharField(max_length=150)
    description = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)
    amount = models.DecimalField(_("amount residents decide (£)"), **MONEY)
    ideas_open_on = models.DateField(_("ideas open"))
    ideas_close_on = models.DateField(_("ideas close"))
    voting_opens_on = models.DateField(_("voting opens"))
    voting_closes_on = models.DateField(_("voting closes"))
    results_published_at = models.DateTimeField(null=True, blank=True)
    results_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = place_scoped_manager()

    class Meta:
        ordering = ["-voting_opens_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="budget_round_amount_positive",
                violation_error_message=_("Residents decide an amount above £0."),
            ),
            models.CheckConstraint(
                condition=Q(ideas_close_on__gte=F("ideas_open_on"))
                & Q(voting_opens_on__gt=F("ideas_close_on"))
                & Q(voting_closes_on__gte=F("voting_opens_on")),
                name="budget_round_phases_in_order",
                violation_error_message=_(
                    "The phases run in order: ideas open, ideas close, then voting opens and "
                    "closes."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "places:funding:budget_round_detail",
            kwargs={"place_slug": self.place_slug, "pk": self.pk},
        )

    def clean(self):
        super().clean()
        errors = {}
        if self.fund_id and self.fund.place_id != self.place_id:
            errors["fund"] = _("The fund must be in the same place.")
        elif self.fund_id and self.amount is not None and self.amount > self.fund.budget:
            errors["amount"] = _("The amount cannot be more than the fund's budget of £%(b)s.") % {
                "b": f"{self.fund.budget:,.2f}"
            }
        if self.ideas_open_on and self.ideas_close_on and self.ideas_close_on < self.ideas_open_on:
            errors["ideas_close_on"] = _("Ideas close on or after the day they open.")
        if (
            self.ideas_close_on
            and self.voting_opens_on
            and self.voting_opens_on <= self.ideas_close_on
        ):
            errors["voting_opens_on"] = _(
                "Voting opens after ideas close, leaving time to draw up the shortlist."
            )
        if (
            self.voting_opens_on
            and self.voting_closes_on
            and self.voting_closes_on < self.voting_opens_on
        ):
            errors["voting_closes_on"] = _("Voting closes on or after the day it opens.")
        if errors:
            raise ValidationError(errors)

    def phase(self, today=None):
        """Where the round is on a day (the place's today by default)."""
        if self.results_published_at:
            return BudgetPhase.RESULTS
        today = today or timezone.localdate()
        if today < self.ideas_open_on:
            return BudgetPhase.UPCOMING
        if today <= self.ideas_close_on:
            return BudgetPhase.IDEAS
        if today < self.voting_opens_on:
            return BudgetPhase.SHORTLIST
        if today <= self.voting_closes_on:
            return BudgetPhase.VOTE
        return BudgetPhase.COUNTING


class BudgetProject(PlaceScoped):
    """A project on the ballot: usually a resident's idea, costed; after the count, its votes and
    whether it fitted the amount."""

    round = models.ForeignKey(BudgetRound, on_delete=models.PROTECT, related_name="projects")
    proposal = models.ForeignKey(
        "boards.Proposal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_projects",
        help_text=_("The resident's idea this project comes from."),
    )
    application = models.OneToOneField(
        FundApplication,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_project",
        help_text=_("The application to the fund that carries the project into its decisions."),
    )
    title = models.CharField(max_length=150)
    summary = text_limits.BoundedTextField(max_length=text_limits.NOTE)
    cost = models.DecimalField(_("cost (£)"), **MONEY)
    order = models.PositiveSmallIntegerField(default=0)
    votes = models.PositiveIntegerField(null=True, blank=True, help_text=_("Counted at results."))
    selected = models.BooleanField(
        null=True, blank=True, help_text=_("Chosen by the vote within the amount (at results).")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = place_scoped_manager()

    class Meta:
        ordering = ["round", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost__gt=0),
                name="budget_project_cost_positive",
                violation_error_message=_("A project costs more than £0."),
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.round_id:
            if self.round.place_id != self.place_id:
                errors["round"] = _("The round must be in the same place.")
            elif self.cost is not None and self.cost > self.round.amount:
                errors["cost"] = _(
                    "A project cannot cost more than the £%(a)s residents decide."
                ) % {"a": f"{self.round.amount:,.2f}"}
            if self.proposal_id and self.proposal.board_id != self.round.fund.board_id:
                errors["proposal"] = _("Choose an idea put to this fund's group.")
            if self.application_id and self.application.fund_id != self.round.fund_id:
                errors["application"] = _("Choose an application to this round's fund.")
        if errors:
            raise ValidationError(errors)


class BudgetBallot(PlaceScoped):
    """One resident's ballot in one round: the projects they chose, within the amount."""

    round = models.ForeignKey(BudgetRound, on_delete=models.PROTECT, related_name="ballots")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lives_in_area = models.BooleanField(
        _("I live, work or study in the area"),
        default=False,
        help_text=_("Each resident of the area has one ballot."),
    )
    projects = models.ManyToManyField(BudgetProject, through="BudgetChoice", related_name="ballots")
    cast_at = models.DateTimeField(default=timezone.now)

    objects = place_scoped_manager()

    class Meta:
        ordering = ["round", "cast_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "round", "voter"],
                condition=Q(voter__isnull=False),
                name="budget_ballot_one_per_resident",
                violation_error_message=_("You have already voted in this round."),
            ),
            models.CheckConstraint(
                condition=Q(lives_in_area=True),
                name="budget_ballot_declares_area",
                violation_error_message=_("Only people who live, work or study here vote."),
            ),
        ]

    def __str__(self):
        return f"Ballot in {self.round}"


class BudgetChoice(PlaceScoped):
    ballot = models.ForeignKey(BudgetBallot, on_delete=models.PROTECT, related_name="choices")
    project = models.ForeignKey(BudgetProject, on_delete=models.PROTECT, related_name="choices")

    objects = place_scoped_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["place", "ballot", "project"], name="budget_choice_once_per_ballot"
            )
        ]

    def __str__(self):
        return f"{self.project} on a ballot"

    def clean(self):
        super().clean()
        if self.ballot_id and self.project_id and self.ballot.round_id != self.project.round_id:
            raise ValidationError({"project": _("Choose a project on this round's ballot.")})
