"""How far a contract's funding per unit of demand may fall before the figures flag it: each
place sets its own threshold (10% unless its admins set another)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from coordination.places.policies import PlacePolicy

DEFAULT_UNIT_VALUE_FALL = 10


class CommissioningPolicy(PlacePolicy):
    unit_value_fall_percent = models.PositiveSmallIntegerField(
        _("flag a fall in value per unit of demand of more than (%)"),
        default=DEFAULT_UNIT_VALUE_FALL,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_(
            "A contract is flagged when the money for each unit of demand (each referral, hour "
            "or place) falls by more than this against the contract before it or the first."
        ),
    )

    class Meta(PlacePolicy.Meta):
        verbose_name_plural = "commissioning policies"

    def __str__(self):
        return f"{self.place}: flag a fall of more than {self.unit_value_fall_percent}%"
