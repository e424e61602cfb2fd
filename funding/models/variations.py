"""Grant variations: a grantee asks the funder to change an awarded grant, and the funder decides.

A request is one kind of change: the purpose (the new purpose in words), the period (a new end
and/or spend-by date) or the budget (money moved between headings, described in words, within the
same total). It is requested, then approved, refused (with the funder's reason) or withdrawn by the
grantee; a grant has at most one open request at a time. Approving a change of period moves the
grant's own dates (funding.services.variations), and the request keeps the dates it replaced.
Records both sides rely on: never deleted with the grant (PROTECT).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.dates import not_too_far_ahead
from coordination.places.tenancy import PlaceScoped, place_scoped_manager

from .bids import Bid, BidState


class VariationKind(models.TextChoices):
    PURPOSE = "purpose", _("Change of purpose")
    PERIOD = "period", _("Change of period")
    BUDGET = "budget", _("Change of budget")


class VariationState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


VARIATION_DECIDED_STATES = (VariationState.APPROVED, VariationState.REFUSED)

ONE_OPEN_REQUEST = _(
    "This grant already has a request for a change waiting for the funder: withdraw it, or wait "
    "for the funder's decision."
)
REFUSAL_NEEDS_REASON = _("Say why the change is refused: the grantee is told.")


class GrantVariation(PlaceScoped):
    """A grantee's request to change an awarded grant, and the funder's decision on it."""

    grant = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="variations")
    kind = models.CharField(_("what to change"), max_length=16, choices=VariationKind.choices)
    new_purpose = text_limits.BoundedTextField(
        _("the new purpose"), max_length=text_limits.TEXT, blank=True
    )
    new_end = models.DateField(
        _("new end date"), null=True, blank=True, validators=[not_too_far_ahead]
    )
    new_spend_by = models.DateField(
        _("new spend-by date"), null=True, blank=True, validators=[not_too_far_ahead]
    )
    budget_change = text_limits.BoundedTextField(
        _("how the money moves between headings"), max_length=text_limits.TEXT, blank=True
    )
    reason = text_limits.BoundedTextField(
        _("why the change is needed"), max_length=text_limits.TEXT
    )
    state = models.CharField(
        max_length=16, choices=VariationState.choices, default=VariationState.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = text_limits.BoundedTextField(
        _("the funder's reason"), max_length=text_limits.NOTE, blank=True
    )
    # The grant's dates an approved change of period replaced.
    previous_end = models.DateField(null=True, blank=True)
    previous_spend_by = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = place_scoped_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["grant"],
                condition=Q(state="requested"),
                name="variation_one_open_per_grant",
                violation_error_message=ONE_OPEN_REQUEST,
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="purpose", new_end__isnull=True, new_spend_by__isnull=True)
                    & ~Q(new_purpose="")
                    & Q(budget_change="")
                )
                | (
                    Q(kind="period", new_purpose="", budget_change="")
                    & (Q(new_end__isnull=False) | Q(new_spend_by__isnull=False))
                )
                | (
                    Q(kind="budget", new_purpose="", new_end__isnull=True)
                    & Q(new_spend_by__isnull=True)
                    & ~Q(budget_change="")
                ),
                name="variation_asks_for_its_kind",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["approved", "refused"], decided_at__isnull=False)
                | Q(
                    state__in=["requested", "withdrawn"],
                    decided_at__isnull=True,
                    decided_by__isnull=True,
                ),
                name="variation_decided_iff_decided",
            ),
            models.CheckConstraint(
                condition=Q(state="withdrawn", withdrawn_at__isnull=False)
                | (~Q(state="withdrawn") & Q(withdrawn_at__isnull=True)),
                name="variation_withdrawn_iff_withdrawn",
            ),
            models.CheckConstraint(
                condition=~Q(state="refused") | ~Q(decision_reason=""),
                name="variation_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True) | Q(decided_at__gte=F("requested_at")),
                name="variation_decided_after_request",
            ),
        ]
        indexes = [models.Index(fields=["place", "state"], name="variation_place_state")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.grant}"

    def get_absolute_url(self):
        return (
            reverse(
                "places:funding:bid_detail",
                kwargs={"place_slug": self.place_slug, "pk": self.grant_id},
            )
            + f"#variation-{self.pk}"
        )

    @property
    def is_open(self):
        return self.state == VariationState.REQUESTED

    @property
    def is_decided(self):
        return self.state in VARIATION_DECIDED_STATES

    def get_kind_display(self):
        try:
            return str(VariationKind(self.kind).label)
        except ValueError:
            return self.kind

    def get_state_display(self):
        try:
            return str(VariationState(self.state).label)
        except ValueError:
            return self.state

    def asked(self):
        """What is asked, in words: the new purpose, the new dates or the budget's change."""
        if self.kind == VariationKind.PERIOD:
            parts = []
            if self.new_end:
                parts.append(_("End on %(day)s") % {"day": date_format(self.new_end, "j F Y")})
            if self.new_spend_by:
                parts.append(
                    _("Spend the money by %(day)s")
                    % {"day": date_format(self.new_spend_by, "j F Y")}
                )
            return "; ".join(str(p) for p in parts)
        if self.kind == VariationKind.PURPOSE:
            return self.new_purpose
        return self.budget_change

    def _kind_errors(self):
        errors = {}
        if self.kind == VariationKind.PURPOSE and not self.new_purpose.strip():
            errors["new_purpose"] = _("Say what the money would be for instead.")
        if self.kind == VariationKind.BUDGET and not self.budget_change.strip():
            errors["budget_change"] = _(
                "Say how much moves from which heading to which: the total stays the same."
            )
        if self.kind == VariationKind.PERIOD:
            errors.update(self._period_errors())
        return errors

    def _period_errors(self):
        if self.new_end is None and self.new_spend_by is None:
            return {"new_end": _("Enter a new end date, a new spend-by date, or both.")}
        grant, errors = self.grant, {}
        start = grant.award_start
        if start is not None:
            if self.new_end is not None and self.new_end < start:
                errors["new_end"] = _("The grant cannot end before it starts (%(day)s).") % {
                    "day": date_format(start, "j F Y")
                }
            if self.new_spend_by is not None and self.new_spend_by < start:
                errors["new_spend_by"] = _(
                    "The money must be spent on or after the day the grant starts (%(day)s)."
                ) % {"day": date_format(start, "j F Y")}
        if (
            not errors
            and (self.new_end is None or self.new_end == grant.award_end)
            and (self.new_spend_by is None or self.new_spend_by == grant.spend_by)
        ):
            errors["new_end"] = _("These are the grant's dates already: enter the dates to change.")
        return errors

    def clean(self):
        super().clean()
        errors = {}
        if self.grant_id is not None:
            if self.grant.state != BidState.AWARDED:
                raise ValidationError(_("Only an awarded grant can be changed."))
            errors.update(self._kind_errors())
            if (
                self.state == VariationState.REQUESTED
                and GrantVariation.objects.for_place(self.place_id)
                .filter(grant_id=self.grant_id, state=VariationState.REQUESTED)
                .exclude(pk=self.pk)
                .exists()
            ):
                raise ValidationError(ONE_OPEN_REQUEST)
        if self.state == VariationState.REFUSED and not self.decision_reason.strip():
            errors["decision_reason"] = REFUSAL_NEEDS_REASON
        if errors:
            raise ValidationError(errors)
