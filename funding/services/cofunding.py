"""Co-funding: another funder offers towards a bid whose applicant shared its summary."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.accounts.models import Membership, Role
from coordination.accounts.permissions import can
from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean
from coordination.notifications.services import tell_each

from .. import permissions
from ..models import LIVE_STATES, BidState, CoFundOffer, DuplicateCheckConsent
from ._common import locked_bid, tell_organisation
from .news import DUPLICATE_CHECKS_CHANGED


@transaction.atomic
def cofund_offer(*, place, actor, bid, funder, amount, message=""):
    """Another funder offers to co-fund a bid whose applicant shared its summary with funders."""
    bid = locked_bid(place, bid)
    if not can(actor, place, "coordinate_funding") or funder.pk not in permissions.funder_ids(
        actor, place
    ):
        raise RuleViolation({"funder": _("You can only offer for a funder you act for here.")})
    if funder.pk == bid.programme.funder_id:
        raise RuleViolation(_("This is your own programme's bid: award it instead."))
    if not bid.share_summary or bid.state not in (*LIVE_STATES, BidState.AWARDED):
        raise RuleViolation(
            _("Only a live or awarded bid whose summary is shared can be co-funded.")
        )
    if amount is None or amount <= 0:
        raise RuleViolation({"amount": _("Enter the amount you could offer.")})
    if CoFundOffer.objects.for_place(place).filter(bid=bid, funder=funder).exists():
        raise RuleViolation(_("%(funder)s has offered already.") % {"funder": funder.name})
    offer = CoFundOffer(
        place=place, bid=bid, funder=funder, amount=amount, message=message or "", offered_by=actor
    )
    full_clean(offer)
    offer.save()
    audit_record(
        place=place,
        actor=actor,
        action="funding.cofund.offer",
        target=bid,
        changes={"funder": funder.name, "amount": amount},
    )
    tell_organisation(
        place,
        bid.programme.funder_id,
        title=_("%(funder)s offers to co-fund %(title)s")
        % {"funder": funder.name, "title": bid.title},
        body=_("£%(amount)s offered. %(message)s")
        % {"amount": f"{amount:,.2f}", "message": message},
        bid=bid,
    )
    return offer


@transaction.atomic
def duplicate_check_consent(*, place, actor, funder, give=True):
    """A funder's people give (or withdraw) its consent to duplicate checks with the other
    consenting funders here. Giving twice, or withdrawing what was not given, changes nothing."""
    if not can(actor, place, "coordinate_funding") or funder.pk not in permissions.funder_ids(
        actor, place
    ):
        raise RuleViolation(_("Only a funder's own people can consent for it."))
    consents = DuplicateCheckConsent.objects.for_place(place).filter(funder=funder)
    if give == consents.exists():
        return give
    if give:
        DuplicateCheckConsent.objects.create(place=place, funder=funder, given_by=actor)
    else:
        consents.delete()
    audit_record(
        place=place,
        actor=actor,
        action="funding.duplicate_check.consent" if give else "funding.duplicate_check.withdraw",
        target=funder,
        changes={"funder": funder.name},
    )
    _tell_other_funders(place, actor, funder, give)
    return give


def _tell_other_funders(place, actor, funder, give):
    """The place's other funders hear who joined or left the duplicate checks: what they share
    with each other changes, and they may want to join too."""
    others = [
        membership.user
        for membership in Membership.objects.for_place(place)
        .filter(role=Role.FUNDER)
        .exclude(organisation=funder)
        .select_related("user")
    ]
    if give:
        title = _("%(funder)s now checks bids for duplicates with other funders") % {
            "funder": funder.name
        }
        body = _(
            "Funders who have all consented see each other's bids from the same organisation for "
            "a similar purpose over overlapping periods. Your funder can consent too."
        )
    else:
        title = _("%(funder)s no longer checks bids for duplicates with other funders") % {
            "funder": funder.name
        }
        body = _("Its bids are no longer compared with those of the other consenting funders.")
    tell_each(
        place,
        others,
        skip=actor,
        kind=DUPLICATE_CHECKS_CHANGED,
        key=f"duplicate-checks:{funder.pk}:{timezone.now().isoformat()}",
        title=title,
        body=body,
        url=reverse("places:funding:coordination", kwargs={"place_slug": place.slug}),
    )
