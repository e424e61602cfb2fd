"""Community board funds: a board's devolved budget for one financial year, decided at its meetings.

The fund's programme is the one local groups apply to; an application is a bid with what only a
board fund asks (priority, the resident's idea it grew from, the meeting that decided it), then
the payments made on the grant and the grantee's public report.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.dates import not_in_future
from coordination.places.tenancy import PlaceScoped, place_scoped_manager

from .bids import Bid, BidState
from .programmes import MONEY, Programme


class FundOutcome(models.TextChoices):
    AWARD = "award", _("Award")
    DECLINE = "decline", _("Decline")


NO_DEVOLVED_FUNDS = _(
    "Groups of %(structure)s do not hold devolved funds: a place admin can turn funds on for it."
)

# Up to this amount an application is the short form; above it, a few more questions.
SHORT_FORM_LIMIT = Decimal("1000")


class BoardFund(PlaceScoped):
    """A board's fund for one financial year (April to March): its budget, the priorities its
    meeting agreed, and the programme that local groups apply to."""

    board = models.ForeignKey("boards.Board", on_delete=models.PROTECT, related_name="funds")
    programme = models.OneToOneField(Programme, on_delete=models.PROTECT, related_name="board_fund")
    year = models.PositiveSmallIntegerField(
        _("financial year starting"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The year the financial year starts in April: 2026 for 2026/27."),
    )
    budget = models.DecimalField(_("budget (£)"), **MONEY)
    priorities_meeting = models.ForeignKey(
        "boards.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The meeting at which the board agreed the fund's priorities."),
    )
    report_due_weeks = models.PositiveSmallIntegerField(
        _("report due (weeks after the award)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
    )
    low_balance_percent = models.PositiveSmallIntegerField(
        _("running low below (% of the budget left)"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = place_scoped_manager()

    class Meta:
        ordering = ["-year", "board__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "board", "year"],
                name="board_fund_one_per_board_and_year",
                violation_error_message=_("This board already has a fund for that year."),
            )
        ]

    def __str__(self):
        return f"{self.board} fund {self.year_label}"

    def get_absolute_url(self):
        return reverse(
            "places:funding:fund_detail", kwargs={"place_slug": self.place_slug, "pk": self.pk}
        )

    def clean(self):
        super().clean()
        errors = {}
        if self.board_id and self.board.place_id != self.place_id:
            errors["board"] = _("The board must be in the same place.")
        elif (
            self.pk is None
            and self.board_id
            and self.board.structure_id
            and not self.board.structure.has_fund
        ):
            errors["board"] = NO_DEVOLVED_FUNDS % {"structure": self.board.structure}
        if self.priorities_meeting_id and self.priorities_meeting.board_id != self.board_id:
            errors["priorities_meeting"] = _("Choose one of this board's meetings.")
        if errors:
            raise ValidationError(errors)

    @property
    def year_label(self):
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def starts_on(self):
        return date(self.year, 4, 1)

    @property
    def ends_on(self):
        return date(self.year + 1, 3, 31)

    @property
    def left(self):
        """Budget less what is committed (needs the ``committed`` the selectors annotate)."""
        return self.budget - self.committed

    @property
    def is_low(self):
        return self.left * 100 < self.budget * self.low_balance_percent


class FundPriority(PlaceScoped):
    """One priority the board agreed for its fund: applications say which they serve."""

    fund = models.ForeignKey(BoardFund, on_delete=models.CASCADE, related_name="priorities")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    description = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)

    objects = place_scoped_manager()

    class Meta:
        ordering = ["fund", "order", "pk"]
        verbose_name_plural = "fund priorities"

    def __str__(self):
        return self.title


class FundApplication(PlaceScoped):
    """A bid to a board's fund, with what only a board fund asks: its priority, the idea it came
    from, the longer questions above the short-form limit, the meeting that decided it, payments
    and the grantee's report."""

    bid = models.OneToOneField(Bid, on_delete=models.CASCADE, related_name="fund_application")
    fund = models.ForeignKey(BoardFund, on_delete=models.PROTECT, related_name="applications")
    priority = models.ForeignKey(
        FundPriority,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    proposal = models.ForeignKey(
        "boards.Proposal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fund_applications",
        help_text=_("The resident's idea this application grew from."),
    )
    outcomes = text_limits.BoundedTextField(
        _("how you will know it worked"), blank=True, max_length=text_limits.TEXT
    )
    budget_breakdown = text_limits.BoundedTextField(
        _("what the money will be spent on"), blank=True, max_length=text_limits.TEXT
    )
    other_funding = text_limits.BoundedTextField(
        _("other funding you have or have asked for"), blank=True, max_length=text_limits.TEXT
    )
    agenda_item = models.OneToOneField(
        "boards.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fund_application",
    )
    decided_at_meeting = models.ForeignKey(
        "boards.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = text_limits.BoundedTextField(blank=True, max_length=text_limits.NOTE)
    report_due_on = models.DateField(null=True, blank=True)
    paid_amount = models.DecimalField(_("paid (£)"), default=Decimal("0"), **MONEY)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = text_limits.BoundedTextField(blank=True, max_length=text_limits.NOTE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = place_scoped_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Application to {self.fund}: {self.bid}"

    def clean(self):
        super().clean()
        if self.priority_id and self.priority.fund_id != self.fund_id:
            raise ValidationError({"priority": _("Choose one of this fund's priorities.")})
        if self.proposal_id and self.proposal.board_id != self.fund.board_id:
            raise ValidationError({"proposal": _("Choose an idea put to this fund's board.")})

    @property
    def committed(self):
        """What this application holds of the budget: the award, or once the grant is withdrawn,
        only what was already paid."""
        if self.bid.state != BidState.AWARDED:
            return Decimal("0")
        return self.paid_amount if self.withdrawn_at else self.bid.amount_awarded

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None


class FundPayment(PlaceScoped):
    application = models.ForeignKey(
        FundApplication, on_delete=models.CASCADE, related_name="payments"
    )
    amount = models.DecimalField(_("amount paid (£)"), **MONEY)
    paid_on = models.DateField(_("paid on"), validators=[not_in_future])
    note = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = place_scoped_manager()

    class Meta:
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_payment_positive")
        ]

    def __str__(self):
        return f"£{self.amount} on {self.paid_on}"


class GrantReport(PlaceScoped):
    """The grantee's short public report on what the money did."""

    application = models.OneToOneField(
        FundApplication, on_delete=models.CASCADE, related_name="report"
    )
    what_happened = text_limits.BoundedTextField(
        _("what the money did"), max_length=text_limits.TEXT
    )
    people_reached = models.PositiveIntegerField(_("people it reached"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = place_scoped_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        return f"Report on {self.application.bid}"
