"""Bids: an organisation's application to a programme, its documents and the history of its state.

Bids, their attachments and their events are owned by one place (PlaceScoped, fail-closed). The
bid's life is the TRANSITIONS table: draft, submitted, under review, then awarded, declined or
withdrawn, the last three final.
"""

import functools
import uuid
from datetime import timedelta
from pathlib import PurePosixPath

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.dates import years_after
from coordination.places.tenancy import PlaceScoped, place_scoped_manager
from coordination.uploads import UploadPolicyValidator

from .programmes import MONEY, Programme


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
    summary = text_limits.BoundedTextField(max_length=text_limits.TEXT)
    amount_requested = models.DecimalField(_("amount requested (£)"), **MONEY)
    duration_months = models.PositiveSmallIntegerField(
        _("duration in months"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    themes = models.ManyToManyField("vocabularies.Theme", related_name="bids", blank=True)
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
    # By when the grant's money must be spent: the funder states it on every award. From the start
    # to this day is the spending period, which the figures count as short below the place's
    # threshold (FundingPolicy.short_term_months).
    spend_by = models.DateField(_("spend the money by"), null=True, blank=True)
    awarded_in_past = models.BooleanField(
        _("this records a grant awarded in the past"),
        default=False,
        help_text=_(
            "Set when the funder records, on purpose, a grant that started long before it was "
            "entered; without it a grant may start at most GRANT_START_MAX_DAYS_BEFORE days "
            "before the decision."
        ),
    )
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
            models.CheckConstraint(
                condition=~Q(state="awarded") | Q(spend_by__isnull=False),
                name="bid_award_has_spend_by",
            ),
            models.CheckConstraint(
                condition=Q(spend_by__isnull=True)
                | Q(award_start__isnull=True)
                | Q(spend_by__gte=F("award_start")),
                name="bid_spend_by_after_start",
            ),
        ]
        # Lists: newest first, keyset on the id.
        indexes = [
            models.Index(fields=["place", "-created_at", "id"], name="bid_place_created_id"),
            # The grants awarded, newest decision first (the figures pages, the grants API):
            # a page is read from the index, not by sorting every award.
            models.Index(
                fields=["place", "-decided_at", "-id"],
                condition=Q(state="awarded"),
                name="bid_awarded_newest",
            ),
            # The bids shared with funders, newest first (the coordination page, the API).
            models.Index(
                fields=["place", "-submitted_at", "-id"],
                condition=Q(share_summary=True),
                name="bid_shared_newest",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "places:funding:bid_detail", kwargs={"place_slug": self.place_slug, "pk": self.pk}
        )

    def award_start_errors(self):
        """What is wrong with the grant's start for the day it was decided: more than
        GRANT_START_MAX_DAYS_BEFORE days before it, unless recorded as awarded in the past (a
        typo or a forgotten year is likelier), or more than DATES_MAX_YEARS_AHEAD years after."""
        if self.award_start is None or self.decided_at is None:
            return {}
        decided_on = timezone.localdate(self.decided_at)
        earliest = decided_on - timedelta(days=settings.GRANT_START_MAX_DAYS_BEFORE)
        if self.award_start < earliest and not self.awarded_in_past:
            return {
                "award_start": _(
                    "The grant would start more than %(days)d days before it is awarded: check "
                    "the year, or tick “This records a grant awarded in the past”."
                )
                % {"days": settings.GRANT_START_MAX_DAYS_BEFORE}
            }
        latest = years_after(decided_on, settings.DATES_MAX_YEARS_AHEAD)
        if self.award_start > latest:
            return {
                "award_start": _("The grant must start on or before %(latest)s: check the year.")
                % {"latest": date_format(latest, "j F Y")}
            }
        return {}

    def spend_by_errors(self):
        """What is wrong with the spend-by date for the grant's start."""
        if self.spend_by is None or self.award_start is None:
            return {}
        if self.spend_by < self.award_start:
            return {"spend_by": _("The money must be spent on or after the day the grant starts.")}
        latest = years_after(self.award_start, settings.DATES_MAX_YEARS_AHEAD)
        if self.spend_by > latest:
            return {
                "spend_by": _("The spend-by date must be on or before %(latest)s: check the year.")
                % {"latest": date_format(latest, "j F Y")}
            }
        return {}

    def clean(self):
        super().clean()
        if errors := self.award_start_errors() | self.spend_by_errors():
            raise ValidationError(errors)
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

    @property
    def spend_months(self):
        """The spending period in whole months, from the grant's start to its spend-by date
        counted in (1 March to 31 August is 6)."""
        return award_months(self.award_start, self.spend_by)

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
            kwargs={"place_slug": self.place_slug, "pk": self.pk},
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
