"""How far a contract's funding per unit of demand may fall before the figures flag it: each
place sets its own threshold (10% unless its admins set another). One row per place, made when an
admin first changes it; until then ``CommissioningPolicy.of(place)`` gives the default, unsaved."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from coordination.places.tenancy import PlaceScoped, place_scoped_manager

DEFAULT_UNIT_VALUE_FALL = 10


class CommissioningPolicy(PlaceScoped):
    unit_value_fall_percent = models.PositiveSmallIntegerField(
        _("flag a fall in value per unit of demand of more than (%)"),
        default=DEFAULT_UNIT_VALUE_FALL,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_(
            "A contract is flagged when the money for each unit of demand (each referral, hour "
            "or place) falls by more than this against the contract before it or the first."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = place_scoped_manager()

    class Meta:
        verbose_name_plural = "commissioning policies"
        constraints = [
            models.UniqueConstraint(fields=["place"], name="commissioning_policy_one_per_place")
        ]

    def __str__(self):
        return f"{self.place}: flag a fall of more than {self.unit_value_fall_percent}%"

    @classmethod
    def of(cls, place):
        """The place's policy, or the default (unsaved) if its admins have set none."""
        return cls.objects.for_place(place).first() or cls(place_id=getattr(place, "pk", place))
