"""What a place counts as short-term funding: its own threshold for the published figures.

The places asked funders for fewer short spending deadlines; a place says how short is too short
(12 months unless its admins set another figure).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from coordination.places.policies import PlacePolicy

DEFAULT_SHORT_TERM_MONTHS = 12


class FundingPolicy(PlacePolicy):
    short_term_months = models.PositiveSmallIntegerField(
        _("short-term below (months)"),
        default=DEFAULT_SHORT_TERM_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "A grant whose money must be spent in fewer months than this counts as short-term "
            "in the published figures."
        ),
    )

    class Meta(PlacePolicy.Meta):
        verbose_name_plural = "funding policies"

    def __str__(self):
        return f"{self.place}: short-term below {self.short_term_months} months"
