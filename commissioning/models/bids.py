"""Bids and how they are judged: the published evaluation criteria, the submissions (alone or as
a consortium), each evaluator's score against each criterion, and the award decision."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.places.tenancy import PlaceScoped

from .tenders import Tender


class Criterion(PlaceScoped):
    """A published evaluation criterion with its weight (the weights of a tender add up to 100)."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(max_length=200)
    description = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)
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
    summary = text_limits.BoundedTextField(
        help_text=_("How you would deliver the contract."), max_length=text_limits.LONG
    )
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
    feedback = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "tender", "lead"], name="submission_one_per_lead"
            )
        ]

    def __str__(self):
        return f"Bid {self.pk} for {self.tender.reference}"

    def clean(self):
        super().clean()
        deadline = self.tender.submission_deadline if self.tender_id else None
        if deadline and self.submitted_at and self.submitted_at >= deadline:
            # A bid exists only if it came in before bids closed (it opens with the others).
            raise ValidationError(
                {"tender": _("Bids closed at the submission deadline; a late bid is refused.")}
            )

    @property
    def is_consortium(self):
        return self.partners.exists()


class Score(PlaceScoped):
    """An evaluator's score (0 to 10) of one submission against one criterion."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])
    comment = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)
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
    rationale = text_limits.BoundedTextField(max_length=text_limits.TEXT)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self):
        return f"Award of {self.tender.reference}"
