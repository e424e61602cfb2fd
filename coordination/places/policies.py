"""A place's thresholds for its published figures: one row per place and app (funding's
FundingPolicy, commissioning's CommissioningPolicy), changed only by the place's admins."""

from django.db import transaction
from django.utils.translation import gettext as _

from coordination.accounts.permissions import can
from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean


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
