"""Demo grant variations, in several states, on the grants the funding demo awards in each place:
on the local core grant, a change of period the funder approved (the grant's dates moved) and a
change of budget waiting for its decision; on the national grant, a change of purpose the national
funder refused and a change of period the grantee withdrew. Re-running adds nothing (a grant with
variations is left as it is)."""

from datetime import timedelta

from django.utils import timezone

from coordination.accounts.models import Membership, Role
from coordination.places.tenancy import place_scope

from . import services
from .models import Bid, BidState, GrantVariation, VariationKind


def _grant(place, title):
    return (
        Bid.objects.for_place(place)
        .filter(title=title, state=BidState.AWARDED)
        .select_related("programme", "applicant")
        .first()
    )


def _leader_and_funder(place, grant):
    def first(organisation, role):
        membership = (
            Membership.objects.for_place(place)
            .filter(organisation=organisation, role=role)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        return membership.user if membership else None

    return first(grant.applicant, Role.CHARITY_LEADER), first(grant.programme.funder, Role.FUNDER)


def seed_variations_demo(place, now=None):
    """Seed one place's grant variations; returns the number of new records."""
    now = now or timezone.now()
    created = 0
    with place_scope(place):
        local = _grant(place, "Community pantry running costs")
        if local is not None and not GrantVariation.objects.filter(grant=local).exists():
            leader, funder = _leader_and_funder(place, local)
            if leader and funder:
                period = services.variation_request(
                    place=place,
                    actor=leader,
                    grant=local,
                    kind=VariationKind.PERIOD,
                    new_end=local.award_end + timedelta(days=92),
                    new_spend_by=local.spend_by + timedelta(days=92),
                    reason="Our new premises open three months late: the work starts later.",
                    now=now - timedelta(days=12),
                )
                services.variation_decide(
                    place=place,
                    actor=funder,
                    variation=period,
                    approve=True,
                    reason="Agreed: the same work, three months later.",
                    now=now - timedelta(days=5),
                )
                services.variation_request(
                    place=place,
                    actor=leader,
                    grant=local,
                    kind=VariationKind.BUDGET,
                    budget_change="Move £3,000 from volunteer expenses to the van's running "
                    "costs; the total stays £36,000.",
                    reason="Fewer volunteers drive their own cars since the van came.",
                    now=now - timedelta(days=2),
                )
                created += 2
        national = _grant(place, "Pantry food supply (national)")
        if national is not None and not GrantVariation.objects.filter(grant=national).exists():
            leader, funder = _leader_and_funder(place, national)
            if leader and funder:
                purpose = services.variation_request(
                    place=place,
                    actor=leader,
                    grant=national,
                    kind=VariationKind.PURPOSE,
                    new_purpose="Buy a second freezer and run a weekly community meal.",
                    reason="The supermarket now gives us its surplus, so we buy less food.",
                    now=now - timedelta(days=9),
                )
                services.variation_decide(
                    place=place,
                    actor=funder,
                    variation=purpose,
                    approve=False,
                    reason="A community meal is outside this programme: apply to the local "
                    "core fund for it.",
                    now=now - timedelta(days=3),
                )
                withdrawn = services.variation_request(
                    place=place,
                    actor=leader,
                    grant=national,
                    kind=VariationKind.PERIOD,
                    new_spend_by=national.spend_by + timedelta(days=60),
                    reason="The food supplier is late with its first deliveries.",
                    now=now - timedelta(days=2),
                )
                services.variation_withdraw(
                    place=place, actor=leader, variation=withdrawn, now=now - timedelta(days=1)
                )
                created += 2
    return created
