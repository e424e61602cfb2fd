"""Bids as one person may see them: in full for the applicant's and the funder's members (and, once
sent, for those who see a board's private business, for its fund), the consented summaries for
other funders, the awarded grants for everyone, and feedback once the funder released it."""

from django.db.models import Prefetch, Q

from boards.selectors import insider_board_ids
from coordination.accounts.permissions import can
from coordination.organisations.models import Organisation
from coordination.places.models import Area

from .. import permissions
from ..models import LIVE_STATES, Bid, BidAttachment, BidState, Programme


def place_bids(place):
    """All the place's bids, with what their pages and answers show: narrow it (bids_visible_to)
    before anyone sees it."""
    return (
        Bid.objects.for_place(place)
        # The place too: a submitted bid to a rolling programme dates its decision in the place's
        # time zone (Bid.decision_due_on).
        .select_related("place", "programme", "programme__funder", "applicant", "feedback")
        .prefetch_related(
            "themes",
            "communities",
            Prefetch("areas", queryset=Area.objects.for_place(place).order_by("name")),
        )
    )


def bid_audience(user, place):
    """What decides which of a place's bids a person sees in full: their organisations here, and
    the boards whose private business they see (None: every board), each sorted. People with
    the same audience see the same bids (``bids_visible_to`` builds the same query for them)."""
    organisations = tuple(sorted(permissions.member_organisation_ids(user, place)))
    boards = insider_board_ids(place, user)
    return organisations, None if boards is None else tuple(sorted(boards))


def bids_visible_to(user, place, *, among=None, audience=None):
    """Bids this person sees in full: their organisation's, those made to their programmes, and
    (once submitted) applications to the funds of boards whose private business they see.
    ``among``: place_bids(place) as the caller extended it (the default: as it is);
    ``audience``: bid_audience(user, place), if the caller has it already."""
    among = place_bids(place) if among is None else among
    organisations, boards = bid_audience(user, place) if audience is None else audience
    if not organisations and boards is not None and not boards:
        return among.none()
    to_boards = (
        Q(programme__board__isnull=False) if boards is None else Q(programme__board_id__in=boards)
    )
    return among.filter(
        Q(applicant_id__in=organisations)
        | ((Q(programme__funder_id__in=organisations) | to_boards) & ~Q(state=BidState.DRAFT))
    )


def get_bid_for(user, place, pk):
    """The bid if this person may see it in full, else None (the same 404 for both)."""
    return bids_visible_to(user, place).filter(pk=pk).first()


def get_attachment_for(user, place, pk):
    """An attachment of a bid this person may see in full, else None (the same 404 for both)."""
    return (
        BidAttachment.objects.for_place(place)
        .filter(pk=pk, bid__in=bids_visible_to(user, place).values("pk"))
        .select_related("bid", "place")
        .first()
    )


def attachments_of(place, bid):
    return BidAttachment.objects.for_place(place).filter(bid=bid).order_by("uploaded_at", "pk")


def shared_bids_for_funder(user, place):
    """Other funders' live and awarded bids whose applicant agreed to share their summary."""
    if not can(user, place, "coordinate_funding"):
        return Bid.objects.for_place(place).none()
    mine = permissions.funder_ids(user, place)
    return (
        place_bids(place)
        .filter(share_summary=True, state__in=[*LIVE_STATES, BidState.AWARDED])
        .exclude(programme__funder_id__in=mine)
    )


def awarded_grants(place, *, funder=None):
    """Public: the awards made in this place (never a declined, live or withdrawn bid)."""
    bids = (
        place_bids(place)
        .filter(state=BidState.AWARDED)
        .select_related(
            "programme__board",
            "programme__board__area",
            "fund_application",
            "fund_application__priority",
        )
    )
    if funder is not None:
        bids = bids.filter(programme__funder=funder)
    return bids.order_by("-decided_at", "-pk")


def recent_grants(place, *, funder=None):
    """The awards for the figures pages' table, newest decision first, with only what it shows
    (a page is read from the index bid_awarded_newest, not by sorting every award)."""
    bids = Bid.objects.for_place(place).filter(state=BidState.AWARDED)
    if funder is not None:
        bids = bids.filter(programme__funder=funder)
    fields = ["place_id", "title", "amount_awarded", "award_start", "spend_by", "decided_at"]
    fields += ["programme__title", "programme__funder__name", "applicant__name"]
    return (
        bids.select_related("programme__funder", "applicant")
        .only(*fields)
        .order_by("-decided_at", "-pk")
    )


def grants_for_360giving(place, *, funder=None):
    """awarded_grants for the 360Giving files: the same grants in the same order with only the
    columns the files hold, and ``areas_of`` ({bid id: [(name, GSS code, kind)]}, the place's own
    areas by name) read in one query rather than prefetched into every grant."""
    bids = Bid.objects.for_place(place).filter(state=BidState.AWARDED)
    if funder is not None:
        bids = bids.filter(programme__funder=funder)
    # Programmes, funders and applicants are few beside the grants: each is read once and
    # shared by its grants rather than joined into every row.
    grants = list(
        bids.select_related("fund_application__priority")
        .prefetch_related(
            Prefetch(
                "programme",
                queryset=Programme.objects.select_related("funder", "board").only(
                    "title", "board__name", "funder__org_id", "funder__name"
                ),
            ),
            Prefetch("applicant", queryset=Organisation.objects.only("org_id", "name")),
        )
        .only(
            *["place_id", "programme_id", "applicant_id", "title", "summary", "state"],
            *["amount_requested", "amount_awarded", "decided_at", "award_start", "award_end"],
            "spend_by",
            "updated_at",
            *["fund_application__fund_id", "fund_application__paid_amount"],
            *["fund_application__withdrawn_at", "fund_application__priority__title"],
        )
        .order_by("-decided_at", "-pk")
    )
    areas_of = {}
    for bid_id, *area in (
        Bid.areas.through.objects.filter(bid__in=bids.values("pk"), area__place=place)
        .order_by("area__name", "area_id")
        .values_list("bid_id", "area__name", "area__gss_code", "area__kind")
    ):
        areas_of.setdefault(bid_id, []).append(tuple(area))
    return grants, areas_of


def feedback_for_applicant(user, place, bid):
    """The feedback the applicant may read: only once the funder released it."""
    feedback = getattr(bid, "feedback", None) if bid.state == BidState.DECLINED else None
    if feedback is None:
        return None
    if permissions.is_programme_funder_member(user, place, bid):
        return feedback
    return feedback if feedback.released_at is not None else None
