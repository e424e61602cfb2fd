"""Funders' programmes: what a funder offers, where, for how much and on what terms.

A programme belongs to a funder organisation, which is global (a national funder works in several
places), so a programme is linked to the places it runs in, as an organisation is, rather than
copied per place: one set of figures, one feedback commitment, one 360Giving programme code. Every
read goes through ``programmes_in_place(place)``.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.dates import not_too_far_ahead
from coordination.organisations.models import IncomeBand, OrganisationKind

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
    description = text_limits.BoundedTextField(max_length=text_limits.LONG)
    funding_type = models.CharField(max_length=16, choices=FundingType.choices)
    amount_min = models.DecimalField(_("smallest grant (£)"), **MONEY)
    amount_max = models.DecimalField(_("largest grant (£)"), **MONEY)
    grant_length_months = models.PositiveSmallIntegerField(
        _("grant length in months"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    opens_on = models.DateField(_("opens on"), validators=[not_too_far_ahead])
    deadline = models.DateField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a rolling programme."),
        validators=[not_too_far_ahead],
    )
    decision_within_days = models.PositiveSmallIntegerField(
        _("decisions within (days)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Days after the deadline (or after a bid arrives, if rolling)."),
    )
    eligibility = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)
    themes = models.ManyToManyField("vocabularies.Theme", related_name="programmes", blank=True)
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
    flexibility_statement = text_limits.BoundedTextField(
        _("flexibility of methods"),
        max_length=text_limits.TEXT,
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
