"""What a place counts as short-term funding: its admins set the threshold the figures use."""

from coordination.places.policies import place_policy_update

from ..models import FundingPolicy


def funding_policy_update(*, place, actor, short_term_months):
    return place_policy_update(
        place=place,
        actor=actor,
        model=FundingPolicy,
        action="funding.policy.update",
        short_term_months=short_term_months,
    )
