"""How far a contract's value for each unit of demand may fall before the figures flag it: the
place's admins set it."""

from coordination.places.policies import place_policy_update

from ..models import CommissioningPolicy


def commissioning_policy_update(*, place, actor, unit_value_fall_percent):
    return place_policy_update(
        place=place,
        actor=actor,
        model=CommissioningPolicy,
        action="commissioning.policy.update",
        unit_value_fall_percent=unit_value_fall_percent,
    )
