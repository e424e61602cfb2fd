"""What a place counts as short-term funding: its admins set the threshold the figures use."""

from django.db import transaction
from django.utils.translation import gettext as _

from coordination.accounts.permissions import can
from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from ..models import FundingPolicy


@transaction.atomic
def funding_policy_update(*, place, actor, short_term_months):
    if not can(actor, place, "set_funding_measures"):
        raise RuleViolation(_("Only the place's admins set what counts as short-term funding."))
    policy = FundingPolicy.objects.for_place(place).select_for_update().first()
    policy = policy or FundingPolicy(place=place)
    before = policy.short_term_months if policy.pk else None
    policy.short_term_months = short_term_months
    full_clean(policy)
    policy.save()
    audit_record(
        place=place,
        actor=actor,
        action="funding.policy.update",
        target=policy,
        changes={"short_term_months": [before, short_term_months]},
    )
    return policy
