"""A funder's structured feedback on a declined bid: the reasons, what was strong, what would
strengthen a future bid, other programmes to consider, and whether it helped the applicant.

Until the funder releases it, feedback is a draft that only the funder's people read and may
change; once released it is what the applicant read (and rated), and it is not changed."""

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


# What the funder writes: a draft's to change, a released feedback's to keep.
CONTENT_FIELDS = ("reasons", "strengths", "to_strengthen", "free_text")

RELEASED_REFUSAL = _(
    "This feedback was released to the applicant, so it is not changed: it stays as they read "
    "it. Write to the applicant to correct or add to it."
)


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

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # As read: clean() refuses to change what a released feedback says.
        instance._loaded = {
            name: value
            for name, value in zip(field_names, values, strict=True)
            if name in (*CONTENT_FIELDS, "released_at")
        }
        return instance

    @property
    def is_draft(self):
        return self.released_at is None

    def clean(self):
        super().clean()
        loaded = getattr(self, "_loaded", None)
        if loaded and loaded.get("released_at") is not None:
            changed = [f for f in CONTENT_FIELDS if f in loaded and loaded[f] != getattr(self, f)]
            if changed or self.released_at is None:
                raise ValidationError({f: RELEASED_REFUSAL for f in changed or ["released_at"]})
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
