"""Amendments: once a tender is open for bids, its description, value, contract length, lots,
criteria and deadlines change only through a published amendment, which every bidder, invited and
following organisation is told of and which the public timeline and the OCDS data show."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.places.tenancy import PlaceScoped

from .tenders import Stage, Tender

# What only an amendment may change once bids are open (the tender's own fields; its lots and
# criteria are changed by an amendment too).
AMENDABLE_FIELDS = (
    "description",
    "estimated_value",
    "contract_months",
    "clarification_deadline",
    "submission_deadline",
    "decision_date",
)
DEADLINE_FIELDS = ("clarification_deadline", "submission_deadline", "decision_date")
# Stages in which those changes need an amendment: the tender is open for bids, or its bids are
# being evaluated (then only the decision date may still move).
AMENDMENT_STAGES = (Stage.OPEN, Stage.EVALUATION)


class TenderAmendment(PlaceScoped):
    """A published change to an open tender: its number, when, who, why, and each change."""

    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, related_name="amendments")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    rationale = text_limits.BoundedTextField(
        max_length=text_limits.TEXT, help_text=_("Why the tender changed; published with it.")
    )
    changes = models.JSONField(
        default=list,
        help_text=_("Each change: {field, label, old, new}, values as published."),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["published_at", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "tender", "number"], name="tender_amendment_number_once"
            ),
        ]

    def __str__(self):
        return f"{self.tender.reference}: amendment {self.number}"
