"""A place's thresholds for its published figures: one row per place and app (funding's
FundingPolicy, commissioning's CommissioningPolicy), changed only by the place's admins."""

from django.db import models, transaction
from django.utils.translation import gettext as _

from coordination.accounts.permissions import can
from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from .tenancy import PlaceScoped, place_scoped_manager


class PlacePolicy(PlaceScoped):
    """One row per place, made when an admin first changes a threshold; until then ``of(place)``
    gives the defaults, unsaved."""

    updated_at = models.DateTimeField(auto_now=True)

    objects = place_scoped_manager()

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(fields=["place"], name="%(app_label)s_policy_one_per_place")
        ]

    @classmethod
    def of(cls, place):
        """The place's policy (a Place or its id), or the defaults, unsaved, if none is set."""
        return cls.objects.for_place(place).first() or cls(place_id=getattr(place, "pk", place))


@transaction.atomic
def place_policy_update(*, place, actor, model, action, **values):
    """Set a place's policy row of ``model`` (made on first use), checked by the model's
    validators, with an audit entry naming each changed value, before and after."""
    if not can(actor, place, "set_measures"):
        raise RuleViolation(_("Only the place's admins set the thresholds of its figures."))
    policy = model.objects.for_place(place).select_for_update().first() or model(place=place)
    changes = {
        name: [getattr(policy, name) if policy.pk else None, value]
        for name, value in values.items()
    }
    for name, value in values.items():
        setattr(policy, name, value)
    full_clean(policy)
    policy.save()
    audit_record(place=place, actor=actor, action=action, target=policy, changes=changes)
    return policy
