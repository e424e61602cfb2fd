"""Funding: funders' programmes, the bids charities make to them, decisions and feedback.

A programme belongs to a funder organisation, which is global (a national funder works in several
places), so a programme is linked to the places it runs in, as an organisation is, rather than
copied per place: one set of figures, one feedback commitment, one 360Giving programme code. Every
read goes through ``programmes_in_place(place)``. Bids, their history and their feedback are owned
by one place (PlaceScoped, fail-closed).
"""

import functools
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import PurePosixPath

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coordination.organisations.models import IncomeBand, OrganisationKind
from coordination.places.tenancy import PlaceScoped, place_scoped_manager
from coordination.uploads import UploadPolicyValidator

# Shortest time from opening to deadline that gives small organisations a fair chance (IVAR).
FAIR_APPLICATION_WINDOW = timedelta(weeks=4)
MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class FundingType(models.TextChoices):
    CORE = "core", _("Core or unrestricted")
    PROJECT = "project", _("Project")
    CAPITAL = "capital", _("Capital")
    EMERGENCY = "emergency", _("Emergency")


class Programme(models.Model):
    """A funder's grant programme, open in one place or several."""

    funder = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="programmes"
    )
    places = models.ManyToManyField("places.Place", related_name="programmes")
    title = models.CharField(max_length=200)
    description = models.TextField()
    funding_type = models.CharField(max_length=16, choices=FundingType.choices)
    amount_min = models.DecimalField(_("smallest grant (£)"), **MONEY)
    amount_max = models.DecimalField(_("largest grant (£)"), **MONEY)
    grant_length_months = models.PositiveSmallIntegerField(
        _("grant length in months"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(
        _("deadline"), null=True, blank=True, help_text=_("Leave empty for a rolling programme.")
    )
    decision_within_days = models.PositiveSmallIntegerField(
        _("decisions within (days)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Days after the deadline (or after a bid arrives, if rolling)."),
    )
    eligibility = models.TextField(blank=True)
    themes = models.ManyToManyField("mapping.Theme", related_name="programmes", blank=True)
    priority_embedded_local = models.BooleanField(
        _("priority to organisations embedded in their communities"), default=False
    )
    priority_income_below = models.CharField(
        _("priority to organisations with income below"),
        max_length=16,
        choices=IncomeBand.choices,
        blank=True,
        default="",
    )
    flexibility_statement = models.TextField(
        _("flexibility of methods"),
        blank=True,
        help_text=_("How far applicants may choose their own methods."),
    )
    feedback_commitment_days = models.PositiveSmallIntegerField(
        _("feedback within (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
        help_text=_("Days after a decline within which feedback reaches the applicant."),
    )
    board = models.ForeignKey(
        "boards.Board",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
        help_text=_(
            "For a board's fund: the board that decides it (the funder is the body that holds "
            "the money)."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_max__gte=models.F("amount_min")),
                name="programme_amount_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=models.F("opens_on")),
                name="programme_deadline_after_opening",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.funder_id and self.funder.kind != OrganisationKind.FUNDER and not self.board_id:
            errors["funder"] = _("Only a funder can run a programme.")
        if (
            self.amount_min is not None
            and self.amount_max is not None
            and self.amount_max < self.amount_min
        ):
            errors["amount_max"] = _("The largest grant cannot be less than the smallest.")
        if self.deadline and self.opens_on and self.deadline < self.opens_on:
            errors["deadline"] = _("The deadline must be on or after the opening date.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_rolling(self):
        return self.deadline is None

    @property
    def short_window(self):
        """A deadline less than four weeks after opening: flagged on every public page."""
        return bool(self.deadline and self.deadline - self.opens_on < FAIR_APPLICATION_WINDOW)

    def is_open_on(self, day):
        return self.opens_on <= day and (self.deadline is None or day <= self.deadline)

    def amount_in_range(self, amount):
        return amount is not None and self.amount_min <= amount <= self.amount_max


class BidState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    AWARDED = "awarded", _("Awarded")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The bid's life: state -> the states it may move to. Awarded, declined and withdrawn are final.
TRANSITIONS = {
    BidState.DRAFT: {BidState.SUBMITTED, BidState.WITHDRAWN},
    BidState.SUBMITTED: {
        BidState.UNDER_REVIEW,
        BidState.AWARDED,
        BidState.DECLINED,
        BidState.WITHDRAWN,
    },
    BidState.UNDER_REVIEW: {BidState.AWARDED, BidState.DECLINED, BidState.WITHDRAWN},
    BidState.AWARDED: set(),
    BidState.DECLINED: set(),
    BidState.WITHDRAWN: set(),
}
LIVE_STATES = (BidState.SUBMITTED, BidState.UNDER_REVIEW)
DECIDED_STATES = (BidState.AWARDED, BidState.DECLINED)


@functools.lru_cache(maxsize=4096)  # figures count thousands of grants, mostly of a few lengths
def award_months(start, end):
    """A grant's length in whole months, from its first to its last day (None without both)."""
    if not (start and end):
        return None
    delta = relativedelta(end + timedelta(days=1), start)
    return delta.years * 12 + delta.months


def days_to_release(released_at, decided_at, tz):
    """Days from a decision to its feedback's release, in the place's time zone."""
    if released_at is None or decided_at is None:
        return None
    return (released_at.astimezone(tz).date() - decided_at.astimezone(tz).date()).days


def feedback_is_overdue(released_at, due_on, today):
    return released_at is None and today > due_on


class Bid(PlaceScoped):
    """An organisation's application to a programme, in one place."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="bids")
    applicant = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="bids"
    )
    title = models.CharField(max_length=200)
    summary = models.TextField()
    amount_requested = models.DecimalField(_("amount requested (£)"), **MONEY)
    duration_months = models.PositiveSmallIntegerField(
        _("duration in months"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    themes = models.ManyToManyField("mapping.Theme", related_name="bids", blank=True)
    areas = models.ManyToManyField("places.Area", related_name="bids", blank=True)
    communities = models.ManyToManyField(
        "organisations.Community",
        related_name="bids",
        blank=True,
        verbose_name=_("communities served"),
    )
    share_summary = models.BooleanField(
        _("share the summary with other funders in this place"),
        default=False,
        help_text=_("Other funders see the title, summary, amount, themes and areas, never more."),
    )
    state = models.CharField(max_length=16, choices=BidState.choices, default=BidState.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    amount_awarded = models.DecimalField(_("amount awarded (£)"), null=True, blank=True, **MONEY)
    award_start = models.DateField(null=True, blank=True)
    award_end = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = place_scoped_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="awarded")
                | Q(amount_awarded__isnull=False, award_start__isnull=False),
                name="bid_award_has_amount_and_dates",
            ),
        ]
        # Lists: newest first, keyset on the id.
        indexes = [models.Index(fields=["place", "-created_at", "id"], name="bid_place_created_id")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "places:funding:bid_detail", kwargs={"place_slug": self.place.slug, "pk": self.pk}
        )

    def clean(self):
        super().clean()
        if self.programme_id and self.amount_requested is not None:
            if not self.programme.amount_in_range(self.amount_requested):
                raise ValidationError(
                    {
                        "amount_requested": _(
                            "Ask for between £%(min)s and £%(max)s: the programme's range."
                        )
                        % {
                            "min": f"{self.programme.amount_min:,.0f}",
                            "max": f"{self.programme.amount_max:,.0f}",
                        }
                    }
                )

    def get_state_display(self):
        # What Django's own gives, without rebuilding the choices on every call: pages list
        # thousands of bids.
        try:
            return str(BidState(self.state).label)
        except ValueError:
            return self.state

    def can_move_to(self, state):
        return BidState(state) in TRANSITIONS[BidState(self.state)]

    @property
    def award_months(self):
        return award_months(self.award_start, self.award_end)

    def decision_due_on(self):
        """The date the funder said decisions come by: after the deadline, or after arrival."""
        if self.submitted_at is None:
            return None
        programme = self.programme
        start = programme.deadline or self.submitted_at.astimezone(self.place.tz).date()
        return start + timedelta(days=programme.decision_within_days)


def attachment_upload_to(instance, filename):
    # A random name: the original may say more than it should, and names must not collide.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"funding/bids/{instance.place_id}/{uuid.uuid4().hex}{suffix}"


class BidAttachment(PlaceScoped):
    """A document sent with a bid (budget, accounts, plan). Served only through a view that asks
    who may see the bid, never by its storage URL."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        upload_to=attachment_upload_to,
        max_length=255,
        validators=[UploadPolicyValidator("bid_attachments")],
    )
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = place_scoped_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse(
            "places:funding:attachment_download",
            kwargs={"place_slug": self.place.slug, "pk": self.pk},
        )


class BidEvent(PlaceScoped):
    """One change of a bid's state: when, by whom, from what to what."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=16, choices=BidState.choices, blank=True)
    to_state = models.CharField(max_length=16, choices=BidState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    objects = place_scoped_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.bid_id}: {self.from_state or '-'} -> {self.to_state}"


class DeclineReason(models.TextChoices):
    OVER_SUBSCRIBED = "over_subscribed", _("The programme was over-subscribed")
    OUTSIDE_PRIORITIES = "outside_priorities", _("Outside the programme's priorities")
    ELIGIBILITY = "eligibility", _("Did not meet the eligibility criteria")
    EVIDENCE_OF_NEED = "evidence_of_need", _("Evidence of need")
    BUDGET = "budget", _("The budget")
    CAPACITY = "capacity", _("Capacity to deliver")
    OTHER = "other", _("Other")


class Feedback(PlaceScoped):
    """The funder's structured feedback on a declined bid, and whether it helped the applicant."""

    bid = models.OneToOneField(Bid, on_delete=models.CASCADE, related_name="feedback")
    reasons = models.JSONField(default=list)
    strengths = models.TextField()
    to_strengthen = models.TextField(_("what would strengthen a future bid"))
    signposts = models.ManyToManyField(
        Programme,
        related_name="signposted_from",
        blank=True,
        verbose_name=_("other programmes in this place to consider"),
    )
    free_text = models.TextField(_("anything else"), blank=True)
    due_on = models.DateField()
    released_at = models.DateTimeField(null=True, blank=True)
    helped = models.BooleanField(null=True, blank=True)
    helped_comment = models.TextField(blank=True)
    helped_at = models.DateTimeField(null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = place_scoped_manager()

    class Meta:
        verbose_name_plural = "feedback"

    def __str__(self):
        return f"Feedback on {self.bid}"

    def clean(self):
        super().clean()
        reasons = self.reasons or []
        if not reasons:
            raise ValidationError({"reasons": _("Choose at least one reason.")})
        unknown = set(reasons) - set(DeclineReason.values)
        if unknown:
            raise ValidationError({"reasons": _("Choose reasons from the list.")})

    def reason_labels(self):
        labels = dict(DeclineReason.choices)
        return [labels[r] for r in self.reasons if r in labels]

    def is_overdue(self, today):
        return feedback_is_overdue(self.released_at, self.due_on, today)

    def days_to_release(self, tz):
        if self.released_at is None:
            return None
        return days_to_release(self.released_at, self.bid.decided_at, tz)


class CoFundOffer(PlaceScoped):
    """A funder's offer to co-fund another funder's bid, seen on the coordination page."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="cofund_offers")
    funder = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("amount offered (£)"), **MONEY)
    message = models.TextField(blank=True)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = place_scoped_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "bid", "funder"], name="cofund_one_offer_per_funder_and_bid"
            )
        ]

    def __str__(self):
        return f"{self.funder} offers £{self.amount} towards {self.bid}"


# Community board funds: a board's devolved budget for one financial year, decided at its meetings.


class FundOutcome(models.TextChoices):
    AWARD = "award", _("Award")
    DECLINE = "decline", _("Decline")


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
            "places:funding:fund_detail", kwargs={"place_slug": self.place.slug, "pk": self.pk}
        )

    def clean(self):
        super().clean()
        errors = {}
        if self.board_id and self.board.place_id != self.place_id:
            errors["board"] = _("The board must be in the same place.")
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
    description = models.TextField(blank=True)

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
    outcomes = models.TextField(_("how you will know it worked"), blank=True)
    budget_breakdown = models.TextField(_("what the money will be spent on"), blank=True)
    other_funding = models.TextField(_("other funding you have or have asked for"), blank=True)
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
    decision_reason = models.TextField(blank=True)
    report_due_on = models.DateField(null=True, blank=True)
    paid_amount = models.DecimalField(_("paid (£)"), default=Decimal("0"), **MONEY)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
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
    paid_on = models.DateField(_("paid on"))
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
    what_happened = models.TextField(_("what the money did"))
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
