"""The history of a meeting's permanent records: each correction of a declaration, vote or
decision, kept beside it. Declared after the records, so a place's export writes them after."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.places.tenancy import PlaceScoped


class RecordAmendment(PlaceScoped):
    """One correction of a declaration, vote or decision after it was recorded: who made it,
    when, why, and the values before and after. Withdrawing a record is an amendment too."""

    declaration = models.ForeignKey(
        "boards.DeclarationOfInterest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    vote = models.ForeignKey(
        "boards.Vote", null=True, blank=True, on_delete=models.PROTECT, related_name="amendments"
    )
    decision = models.ForeignKey(
        "boards.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    amended_by_name = models.CharField(max_length=150, blank=True)
    amended_at = models.DateTimeField(auto_now_add=True)
    reason = text_limits.BoundedTextField(
        _("reason for the amendment"), max_length=text_limits.TEXT
    )
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["amended_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(declaration__isnull=False, vote__isnull=True, decision__isnull=True)
                    | models.Q(declaration__isnull=True, vote__isnull=False, decision__isnull=True)
                    | models.Q(declaration__isnull=True, vote__isnull=True, decision__isnull=False)
                ),
                name="amendment_of_one_record",
                violation_error_message=_("An amendment corrects one record."),
            )
        ]

    def __str__(self):
        return f"{self.amended_at:%Y-%m-%d}: {self.reason[:60]}"

    @property
    def amended_by_label(self):
        if self.amended_by_id is None:
            return str(_("Former member")) if self.amended_by_name else ""
        return self.amended_by.name or self.amended_by_name

    @property
    def changes(self):
        """[(field, before, after)] for the fields this amendment changed."""
        return [
            (key, self.before.get(key), self.after.get(key))
            for key in self.after
            if self.before.get(key) != self.after.get(key)
        ]
