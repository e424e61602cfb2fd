"""Commissioning: tenders and their public stage timeline, co-design, clarifications, invitations,
submissions, evaluation and awards.

Every row belongs to one place. The stage machine is declared here (STAGE_TRANSITIONS) and enforced
by ``Tender.check_transition``; services.py is the only code that moves a tender between stages.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
    description = models.TextField()
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
    co_design_opens_at = models.DateTimeField(null=True, blank=True)
    co_design_closes_at = models.DateTimeField(null=True, blank=True)
    clarification_deadline = models.DateTimeField(null=True, blank=True)
    submission_deadline = models.DateTimeField(null=True, blank=True)
    decision_date = models.DateField(null=True, blank=True)
    you_said_we_did = models.TextField(
        _("you said, we did"),
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
            kwargs={"place_slug": self.place.slug, "pk": self.pk},
        )

    def clean(self):
        super().clean()
        errors = {}
        if self.commissioner_id and self.commissioner.kind != "council":
            errors["commissioner"] = _("The commissioner must be a council.")
        if (
            self.co_design_opens_at
            and self.co_design_closes_at
            and self.co_design_closes_at <= self.co_design_opens_at
        ):
            errors["co_design_closes_at"] = _("Co-design must close after it opens.")
        if (
            self.clarification_deadline
            and self.submission_deadline
            and self.clarification_deadline >= self.submission_deadline
        ):
            errors["clarification_deadline"] = _(
                "The clarification deadline must come before the submission deadline."
            )
        if (
            self.submission_deadline
            and self.decision_date
            and self.decision_date < self.submission_deadline.date()
        ):
            errors["decision_date"] = _("The decision date cannot come before bids close.")
        if errors:
            raise ValidationError(errors)

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
    def is_open_for_bids(self):
        return self.stage == Stage.OPEN

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
    description = models.TextField(blank=True)
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
    rationale = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.tender.reference}: {self.get_to_stage_display()}"


class SpecificationSection(PlaceScoped):
    """A section of a tender's specification; its text lives in numbered versions."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.heading


class SectionVersion(PlaceScoped):
    """One version of a section's text. A new version is a new row; old ones stay for the diff."""

    section = models.ForeignKey(
        SpecificationSection, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField()
    body = models.TextField()
    change_note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["section", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "section", "number"], name="section_version_unique_number"
            )
        ]

    def __str__(self):
        return f"{self.section.heading} v{self.number}"


class CoDesignMember(PlaceScoped):
    """An organisation in a tender's co-design group."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="co_design_members")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    joined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "tender", "organisation"], name="co_design_member_once"
            )
        ]

    def __str__(self):
        return f"{self.organisation} in {self.tender.reference}"


class ResponseKind(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    NOT_TAKEN = "not_taken", _("Not taken forward")


class Comment(PlaceScoped):
    """A co-design member's comment on one version of a section, and the commissioner's answer."""

    version = models.ForeignKey(SectionVersion, on_delete=models.CASCADE, related_name="comments")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    response = models.CharField(max_length=16, choices=ResponseKind.choices, blank=True)
    response_text = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Comment {self.pk} on {self.version}"

    @property
    def is_answered(self):
        return bool(self.response)


class CoDesignSession(PlaceScoped):
    """A co-design workshop or meeting, with who came."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=200)
    held_at = models.DateTimeField()
    notes = models.TextField(blank=True)
    attendees = models.ManyToManyField("organisations.Organisation", related_name="+", blank=True)

    class Meta:
        ordering = ["held_at", "pk"]

    def __str__(self):
        return self.title


class Clarification(PlaceScoped):
    """A question about a tender. Who asked is never shown to anyone outside the commissioning team."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="clarifications")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    question = models.TextField()
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]

    def __str__(self):
        return f"Question {self.pk} on {self.tender.reference}"


class Interest(PlaceScoped):
    """An organisation registered interest in a tender: it hears of deadlines and answers."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="interests")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "tender", "organisation"], name="interest_once"
            )
        ]

    def __str__(self):
        return f"{self.organisation} interested in {self.tender.reference}"


class TenderInvitation(PlaceScoped):
    """The commissioner invited an organisation to take part; viewed when one of its people looks."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    viewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "tender", "organisation"], name="tender_invitation_once"
            )
        ]

    def __str__(self):
        return f"{self.organisation} invited to {self.tender.reference}"


class Criterion(PlaceScoped):
    """A published evaluation criterion with its weight (the weights of a tender add up to 100)."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    weight = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Share of the total score, in per cent."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "criteria"

    def __str__(self):
        return f"{self.title} ({self.weight}%)"


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SUCCESSFUL = "successful", _("Successful")
    UNSUCCESSFUL = "unsuccessful", _("Unsuccessful")


class Submission(PlaceScoped):
    """A bid from an organisation, or a consortium with a lead and partners."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="submissions")
    lead = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    partners = models.ManyToManyField("organisations.Organisation", related_name="+", blank=True)
    summary = models.TextField(help_text=_("How you would deliver the contract."))
    price = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField()
    status = models.CharField(
        max_length=16, choices=SubmissionStatus.choices, default=SubmissionStatus.SUBMITTED
    )
    feedback = models.TextField(blank=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "tender", "lead"], name="submission_one_per_lead"
            )
        ]

    def __str__(self):
        return f"Bid {self.pk} for {self.tender.reference}"

    @property
    def is_consortium(self):
        return self.partners.exists()


class Score(PlaceScoped):
    """An evaluator's score (0 to 10) of one submission against one criterion."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])
    comment = models.TextField(blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["criterion", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "submission", "criterion"], name="score_once_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.score}/10 on {self.criterion}"


class Award(PlaceScoped):
    """The decision: which submission won, for how much, and why."""

    tender = models.OneToOneField(Tender, on_delete=models.CASCADE, related_name="award")
    submission = models.OneToOneField(Submission, on_delete=models.PROTECT, related_name="award")
    value = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    rationale = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self):
        return f"Award of {self.tender.reference}"


class DemandPeriod(PlaceScoped):
    """Demand against value for one contract in the line of contracts a tender continues."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="demand_periods")
    label = models.CharField(max_length=100, help_text=_("Like “2023 to 2026 contract”."))
    starts_on = models.DateField()
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
