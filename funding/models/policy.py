"""What a place counts as short-term funding: its own threshold for the published figures.

The places asked funders for fewer short spending deadlines; a place says how short is too short
(12 months unless its admins set another figure). One row per place, made when an admin first
changes it; until then ``FundingPolicy.of(place)`` gives the default, unsaved.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from coordination.places.tenancy import PlaceScoped, place_scoped_manager

DEFAULT_SHORT_TERM_MONTHS = 12


class FundingPolicy(PlaceScoped):
    short_term_months = models.PositiveSmallIntegerField(
        _("short-term below (months)"),
        default=DEFAULT_SHORT_TERM_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "A grant whose money must be spent in fewer months than this counts as short-term "
            "in the published figures."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = place_scoped_manager()

    class Meta:
        verbose_name_plural = "funding policies"
        constraints = [
            models.UniqueConstraint(fields=["place"], name="funding_policy_one_per_place")
        ]

    def __str__(self):
        return f"{self.place}: short-term below {self.short_term_months} months"

    @classmethod
    def of(cls, place):
        """The place's policy, or the default (unsaved) if its admins have set none."""
        return cls.objects.for_place(place).first() or cls(place=place)

    def is_short_term(self, months):
        return months is not None and months < self.short_term_months
