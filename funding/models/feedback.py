"""A funder's structured feedback on a declined bid: the reasons, what was strong, what would
strengthen a future bid, other programmes to consider, and whether it helped the applicant."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.places.tenancy import PlaceScoped, place_scoped_manager

from .bids import Bid, days_to_release, feedback_is_overdue
from .programmes import Programme


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
    strengths = text_limits.BoundedTextField(max_length=text_limits.TEXT)
    to_strengthen = text_limits.BoundedTextField(
        _("what would strengthen a future bid"), max_length=text_limits.TEXT
    )
    signposts = models.ManyToManyField(
        Programme,
        related_name="signposted_from",
        blank=True,
        verbose_name=_("other programmes in this place to consider"),
    )
    free_text = text_limits.BoundedTextField(
        _("anything else"), blank=True, max_length=text_limits.TEXT
    )
    due_on = models.DateField()
    released_at = models.DateTimeField(null=True, blank=True)
    helped = models.BooleanField(null=True, blank=True)
    helped_comment = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)
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
