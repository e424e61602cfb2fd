"""Tenders and their public stage timeline: the stage machine (STAGE_TRANSITIONS, enforced by
``Tender.check_transition``), a tender's lots, each step it took between stages, and the demand and
value of the contracts it continues. Only the services move a tender between stages.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.dates import not_too_far_ahead
from coordination.places.tenancy import PlaceScoped


class Stage(models.TextChoices):
    PIPELINE = "pipeline", _("Pipeline")
    CO_DESIGN = "co_design", _("Co-design")
    MARKET_ENGAGEMENT = "market_engagement", _("Market engagement")
    OPEN = "open", _("Open for bids")
    EVALUATION = "evaluation", _("Evaluation")
    AWARDED = "awarded", _("Awarded")
    CANCELLED = "cancelled", _("Cancelled")


# stage -> the stages a tender may move to from it. Co-design and market engagement may be skipped
# (a tender need not be co-designed); nothing moves backwards, and awarded or cancelled is final.
STAGE_TRANSITIONS = {
    Stage.PIPELINE: (Stage.CO_DESIGN, Stage.MARKET_ENGAGEMENT, Stage.OPEN, Stage.CANCELLED),
    Stage.CO_DESIGN: (Stage.MARKET_ENGAGEMENT, Stage.OPEN, Stage.CANCELLED),
    Stage.MARKET_ENGAGEMENT: (Stage.OPEN, Stage.CANCELLED),
    Stage.OPEN: (Stage.EVALUATION, Stage.CANCELLED),
    Stage.EVALUATION: (Stage.AWARDED, Stage.CANCELLED),
    Stage.AWARDED: (),
    Stage.CANCELLED: (),
}
UPCOMING_STAGES = (Stage.PIPELINE, Stage.CO_DESIGN, Stage.MARKET_ENGAGEMENT)
LIVE_STAGES = (*UPCOMING_STAGES, Stage.OPEN, Stage.EVALUATION)


# The stage dates in the order the stages come, each with whether it must come strictly after the
# latest earlier date that is set (True) or may fall on it (False).
DATE_ORDER = (
    ("co_design_opens_at", True),
    ("co_design_closes_at", True),
    ("clarification_deadline", False),
    ("submission_deadline", True),
    ("decision_date", False),
)
_CLOSES = _("Co-design must close after it opens.")
_QUESTIONS = _("The deadline for questions cannot come before co-design closes.")
_BIDS_AFTER_QUESTIONS = _("Bids must close after the deadline for questions.")
_BIDS_AFTER_CO_DESIGN = _("Bids must close after co-design closes.")
_DECISION = _("The decision date cannot come before bids close.")
_DECISION_AFTER_CO_DESIGN = _("The decision date cannot come before co-design closes.")
DATE_ORDER_MESSAGES = {
    ("co_design_opens_at", "co_design_closes_at"): _CLOSES,
    ("co_design_opens_at", "clarification_deadline"): _(
        "Questions cannot close before co-design opens."
    ),
    ("co_design_closes_at", "clarification_deadline"): _QUESTIONS,
    ("co_design_opens_at", "submission_deadline"): _("Bids must close after co-design opens."),
    ("co_design_closes_at", "submission_deadline"): _BIDS_AFTER_CO_DESIGN,
    ("clarification_deadline", "submission_deadline"): _BIDS_AFTER_QUESTIONS,
    ("co_design_opens_at", "decision_date"): _(
        "The decision date cannot come before co-design opens."
    ),
    ("co_design_closes_at", "decision_date"): _DECISION_AFTER_CO_DESIGN,
    ("clarification_deadline", "decision_date"): _(
        "The decision date cannot come before the deadline for questions."
    ),
    ("submission_deadline", "decision_date"): _DECISION,
}


def _tz_of(tender):
    return tender.place.tz if tender.place_id else timezone.get_current_timezone()


class ProcurementMethod(models.TextChoices):
    OPEN = "open", _("Open")
    SELECTIVE = "selective", _("Selective")
    LIMITED = "limited", _("Limited")
    DIRECT = "direct", _("Direct")


class Tender(PlaceScoped):
    """A contract a council means to commission, from pipeline to award."""

    commissioner = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="tenders"
    )
    title = models.CharField(max_length=200)
    reference = models.CharField(
        max_length=40, help_text=_("The council's own reference, like COV-2026-014.")
    )
    description = text_limits.BoundedTextField(max_length=text_limits.LONG)
    estimated_value = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    contract_months = models.PositiveSmallIntegerField(
        _("contract length in months"), validators=[MinValueValidator(1), MaxValueValidator(240)]
    )
    themes = models.ManyToManyField("vocabularies.Theme", related_name="tenders", blank=True)
    areas = models.ManyToManyField("places.Area", related_name="tenders", blank=True)
    procurement_method = models.CharField(
        max_length=16, choices=ProcurementMethod.choices, default=ProcurementMethod.OPEN
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.PIPELINE)
    co_design_opens_at = models.DateTimeField(null=True, blank=True, validators=[not_too_far_ahead])
    co_design_closes_at = models.DateTimeField(
        null=True, blank=True, validators=[not_too_far_ahead]
    )
    clarification_deadline = models.DateTimeField(
        null=True, blank=True, validators=[not_too_far_ahead]
    )
    submission_deadline = models.DateTimeField(
        null=True, blank=True, validators=[not_too_far_ahead]
    )
    decision_date = models.DateField(null=True, blank=True, validators=[not_too_far_ahead])
    you_said_we_did = text_limits.BoundedTextField(
        _("you said, we did"),
        max_length=text_limits.LONG,
        blank=True,
        help_text=_("What co-design changed, written when co-design closes."),
    )
    co_design_published_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When co-design's outputs went to every bidder.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "reference"], name="tender_unique_reference_per_place"
            ),
        ]
        indexes = [
            models.Index(fields=["place", "stage"]),
            # Lists: newest first, keyset on the id.
            models.Index(fields=["place", "-created_at", "id"], name="tender_place_created_id"),
        ]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self):
        return reverse(
            "places:commissioning:tender_detail",
            kwargs={"place_slug": self.place_slug, "pk": self.pk},
        )

    def clean(self):
        super().clean()
        errors = {}
        if self.commissioner_id and self.commissioner.kind != "council":
            errors["commissioner"] = _("The commissioner must be a council.")
        errors.update(self.date_order_errors())
        if errors:
            raise ValidationError(errors)

    def date_order_errors(self):
        """Stage dates follow the stages: co-design opens < co-design closes <= questions close <
        bids close <= decision date. Each date is compared with the latest earlier one that is set;
        the message goes on the later field. {field: message}."""
        errors = {}
        previous = None  # (field, instant) of the latest earlier date that is set
        for field, strict in DATE_ORDER:
            value = getattr(self, field)
            if value is None:
                continue
            if previous is not None:
                before_field, before = previous
                if field == "decision_date":
                    # A date against an instant: compare with the day bids close, locally.
                    before = timezone.localtime(before, _tz_of(self)).date()
                out_of_order = value <= before if strict else value < before
                if out_of_order:
                    errors[field] = DATE_ORDER_MESSAGES[(before_field, field)]
            previous = (field, value)
        return errors

    def allowed_next_stages(self):
        return STAGE_TRANSITIONS[Stage(self.stage)]

    def check_transition(self, to_stage):
        """Raise ValidationError unless the tender may move to ``to_stage`` now."""
        to_stage = Stage(to_stage)
        if to_stage not in self.allowed_next_stages():
            allowed = ", ".join(str(s.label) for s in self.allowed_next_stages()) or _("none")
            raise ValidationError(
                {
                    "to_stage": _(
                        "A tender at %(current)s cannot move to %(target)s. "
                        "From here it can move to: %(allowed)s."
                    )
                    % {
                        "current": Stage(self.stage).label,
                        "target": to_stage.label,
                        "allowed": allowed,
                    }
                }
            )

    @property
    def co_design_is_open(self):
        return self.stage == Stage.CO_DESIGN

    @property
    def co_design_outputs_public(self):
        return self.co_design_published_at is not None


class Lot(PlaceScoped):
    """A part of a tender that may be bid for and awarded on its own."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="lots")
    title = models.CharField(max_length=200)
    description = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)
    estimated_value = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.title


class TenderStageChange(PlaceScoped):
    """One step on a tender's public timeline: when, by whom and why it changed stage."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    rationale = text_limits.BoundedTextField(max_length=text_limits.TEXT)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.tender.reference}: {self.get_to_stage_display()}"


def value_per_unit(period):
    """The money for each unit of demand in a period, a DemandPeriod or a row with its ``value``
    and ``demand`` (None where nothing was counted)."""
    return period.value / period.demand if period.demand else None


class DemandPeriod(PlaceScoped):
    """Demand against value for one contract in the line of contracts a tender continues."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="demand_periods")
    label = models.CharField(max_length=100, help_text=_("Like “2023 to 2026 contract”."))
    starts_on = models.DateField(validators=[not_too_far_ahead])
    indicator = models.CharField(
        max_length=100, help_text=_("What is counted, like “referrals a quarter”.")
    )
    demand = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    value = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        ordering = ["starts_on", "pk"]

    def __str__(self):
        return self.label

    @property
    def value_per_unit(self):
        return value_per_unit(self)
