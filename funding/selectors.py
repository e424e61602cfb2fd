"""Reads of funding, limited to one place and to what the person asking may see.

Privacy: a bid is seen in full by the applicant organisation's members and the programme funder's
members; other funders in the place see only the summary of bids whose applicant consented (and
never a draft or a declined bid); the public sees awarded grants and the figures, never a declined bid.
"""

from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from django.db.models import Count, DecimalField, Prefetch, Q, Sum, Value
from django.db.models import F as models_F
from django.db.models.functions import Coalesce
from django.utils import timezone

from boards.selectors import boards_visible_to, insider_board_ids
from coordination.accounts.permissions import can
from coordination.organisations.models import Organisation, OrganisationKind
from coordination.places.models import Area
from mapping.models import Severity
from mapping.selectors import needs_in_place

from . import permissions
from .models import (
    LIVE_STATES,
    Bid,
    BidAttachment,
    BidState,
    BoardFund,
    CoFundOffer,
    Feedback,
    FundApplication,
    FundingType,
    FundPayment,
    Programme,
)

# Programmes


def programmes_in_place(place):
    return (
        Programme.objects.filter(places=place)
        .select_related("funder")
        .prefetch_related("themes")
        .order_by("title", "pk")
    )


def get_programme(place, pk):
    return programmes_in_place(place).filter(pk=pk).first()


def open_programmes(place, today=None):
    today = today or timezone.localdate(timezone=place.tz)
    return (
        programmes_in_place(place)
        .filter(opens_on__lte=today)
        .filter(Q(deadline__isnull=True) | Q(deadline__gte=today))
    )


def deadline_calendar(place, today=None):
    """Programmes with a deadline still to come, by month: [(first day of month, [programmes])]."""
    today = today or timezone.localdate(timezone=place.tz)
    months = {}
    for programme in (
        programmes_in_place(place).filter(deadline__gte=today).order_by("deadline", "title")
    ):
        months.setdefault(programme.deadline.replace(day=1), []).append(programme)
    return sorted(months.items())


def funders_in_place(place):
    return Organisation.objects.filter(places=place, kind=OrganisationKind.FUNDER).order_by("name")


def managed_programmes(user, place):
    return programmes_in_place(place).filter(funder_id__in=permissions.funder_ids(user, place))


# Bids


def _bids(place):
    return (
        Bid.objects.for_place(place)
        .select_related("programme", "programme__funder", "applicant", "feedback")
        .prefetch_related(
            "themes",
            "communities",
            Prefetch("areas", queryset=Area.objects.for_place(place).order_by("name")),
        )
    )


def bids_visible_to(user, place):
    """Bids this person sees in full: their organisation's, those made to their programmes, and
    (once submitted) applications to the funds of boards whose private business they see."""
    organisations = permissions.member_organisation_ids(user, place)
    boards = insider_board_ids(place, user)
    if not organisations and boards is not None and not boards:
        return Bid.objects.for_place(place).none()
    to_boards = (
        Q(programme__board__isnull=False)
        if boards is None
        else Q(programme__board_id__in=sorted(boards))
    )
    return _bids(place).filter(
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
        _bids(place)
        .filter(share_summary=True, state__in=[*LIVE_STATES, BidState.AWARDED])
        .exclude(programme__funder_id__in=mine)
    )


def awarded_grants(place, *, funder=None):
    """Public: the awards made in this place (never a declined, live or withdrawn bid)."""
    bids = (
        _bids(place)
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


def feedback_for_applicant(user, place, bid):
    """The feedback the applicant may read: only once the funder released it."""
    feedback = getattr(bid, "feedback", None) if bid.state == BidState.DECLINED else None
    if feedback is None:
        return None
    if permissions.is_programme_funder_member(user, place, bid):
        return feedback
    return feedback if feedback.released_at is not None else None


def feedback_awaiting_release(place):
    return (
        Feedback.objects.for_place(place)
        .filter(released_at__isnull=True)
        .select_related("bid", "bid__programme", "bid__programme__funder", "bid__applicant")
        .order_by("due_on", "pk")
    )


def is_local_embedded(organisation, place, place_ids, area_place_ids):
    """An organisation embedded in its community here: a VCSE organisation working in this place
    only, in at least one of its areas (a national charity with a local office is not)."""
    return (
        organisation.kind in OrganisationKind.vcse()
        and set(place_ids) == {place.pk}
        and place.pk in area_place_ids
    )


# Figures


@dataclass
class Figures:
    awards: int
    awarded_total: Decimal
    core_share: float | None  # share of awards (by number) that are core or unrestricted
    core_value_share: float | None  # the same by value
    median_months: float | None
    local_share: float | None
    decided: int
    declined: int
    feedback_rate: float | None  # share of declines whose feedback reached the applicant
    median_feedback_days: float | None
    feedback_overdue: int
    programmes: list  # [(programme, submitted, awarded, declined, success rate)]


def _share(part, whole):
    return None if not whole else part / whole


def compute_figures(place, *, funder=None, today=None):
    today = today or timezone.localdate(timezone=place.tz)
    # Funders' figures: a board's fund publishes its own on its page (spend against budget).
    bids = (
        Bid.objects.for_place(place)
        .filter(programme__board__isnull=True)
        .select_related("programme", "applicant", "feedback")
    )
    if funder is not None:
        bids = bids.filter(programme__funder=funder)
    decided = [b for b in bids.filter(state__in=[BidState.AWARDED, BidState.DECLINED])]
    awards = [b for b in decided if b.state == BidState.AWARDED]
    declines = [b for b in decided if b.state == BidState.DECLINED]
    total = sum((b.amount_awarded for b in awards), Decimal("0"))
    core = [b for b in awards if b.programme.funding_type == FundingType.CORE]
    core_total = sum((b.amount_awarded for b in core), Decimal("0"))
    months = [b.award_months for b in awards if b.award_months is not None]

    applicant_ids = {b.applicant_id for b in awards}
    place_links = Organisation.places.through.objects.filter(organisation_id__in=applicant_ids)
    places_of = {}
    for organisation_id, place_id in place_links.values_list("organisation_id", "place_id"):
        places_of.setdefault(organisation_id, set()).add(place_id)
    area_links = Organisation.areas.through.objects.filter(organisation_id__in=applicant_ids)
    areas_of = {}
    for organisation_id, area_place in area_links.values_list("organisation_id", "area__place_id"):
        areas_of.setdefault(organisation_id, set()).add(area_place)
    local = [
        b
        for b in awards
        if is_local_embedded(
            b.applicant, place, places_of.get(b.applicant_id, ()), areas_of.get(b.applicant_id, ())
        )
    ]

    released = [b.feedback for b in declines if b.feedback.released_at is not None]
    feedback_days = [f.days_to_release(place.tz) for f in released]
    overdue = sum(1 for b in declines if b.feedback.is_overdue(today))

    programmes = programmes_in_place(place).filter(board__isnull=True)
    if funder is not None:
        programmes = programmes.filter(funder=funder)
    counts = programmes.annotate(
        submitted=Count("bids", filter=Q(bids__place=place) & ~Q(bids__state=BidState.DRAFT)),
        awarded=Count("bids", filter=Q(bids__place=place, bids__state=BidState.AWARDED)),
        declined=Count("bids", filter=Q(bids__place=place, bids__state=BidState.DECLINED)),
    )
    rows = [
        (p, p.submitted, p.awarded, p.declined, _share(p.awarded, p.awarded + p.declined))
        for p in counts
    ]
    return Figures(
        awards=len(awards),
        awarded_total=total,
        core_share=_share(len(core), len(awards)),
        core_value_share=_share(float(core_total), float(total)) if total else None,
        median_months=median(months) if months else None,
        local_share=_share(len(local), len(awards)),
        decided=len(decided),
        declined=len(declines),
        feedback_rate=_share(len(released), len(declines)),
        median_feedback_days=median(feedback_days) if feedback_days else None,
        feedback_overdue=overdue,
        programmes=rows,
    )


def funder_figures(place, today=None):
    """[(funder, Figures)] for every funder with a programme in this place."""
    funders = funders_in_place(place).filter(programmes__places=place).distinct()
    return [(f, compute_figures(place, funder=f, today=today)) for f in funders]


# Funder coordination (funders in the place only; consented bids only)


@dataclass
class Flag:
    kind: str  # "same_purpose" or "awards_overlap"
    organisation: Organisation
    bids: tuple
    themes: list


@dataclass
class PipelineRow:
    label: str
    live: int = 0
    live_amount: Decimal = Decimal("0")
    awarded: int = 0
    awarded_amount: Decimal = Decimal("0")

    def add(self, bid):
        if bid.state == BidState.AWARDED:
            self.awarded += 1
            self.awarded_amount += bid.amount_awarded
        else:
            self.live += 1
            self.live_amount += bid.amount_requested


def pipeline_bids(place):
    """Every funder's live and awarded bids whose applicants consented to share the summary."""
    return (
        _bids(place)
        .filter(share_summary=True, state__in=[*LIVE_STATES, BidState.AWARDED])
        .prefetch_related(
            Prefetch(
                "cofund_offers",
                queryset=CoFundOffer.objects.for_place(place).select_related("funder"),
            )
        )
        .order_by("applicant__name", "submitted_at", "pk")
    )


def _pipeline(bids, keys):
    rows = {}
    for bid in bids:
        for key, label in keys(bid):
            rows.setdefault(key, PipelineRow(label=label)).add(bid)
    return sorted(rows.values(), key=lambda r: r.label)


def overlap_flags(bids, today=None):
    """The same organisation seeking the same purpose (a shared theme) from two funders, and awards
    from two funders to one organisation that overlap in time. A grant that has ended is history,
    not duplication: it raises no same-purpose flag."""
    flags = []

    def finished(bid):
        return today is not None and bid.state == BidState.AWARDED and bid.award_end < today

    by_applicant = {}
    for bid in bids:
        by_applicant.setdefault(bid.applicant_id, []).append(bid)
    for group in by_applicant.values():
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                if first.programme.funder_id == second.programme.funder_id:
                    continue
                shared = sorted(
                    {t.name for t in first.themes.all()} & {t.name for t in second.themes.all()}
                )
                both_awarded = first.state == second.state == BidState.AWARDED
                if (
                    both_awarded
                    and first.award_start <= second.award_end
                    and (second.award_start <= first.award_end)
                ):
                    flags.append(Flag("awards_overlap", first.applicant, (first, second), shared))
                elif shared and not both_awarded and not (finished(first) or finished(second)):
                    flags.append(Flag("same_purpose", first.applicant, (first, second), shared))
    return flags


def unmet_high_needs(place, today=None):
    """High-severity needs on the map that no current award touches (same area and theme)."""
    today = today or timezone.localdate(timezone=place.tz)
    awards = Bid.objects.for_place(place).filter(state=BidState.AWARDED, award_end__gte=today)
    areas_of, themes_of = {}, {}
    for bid_id, area_id in Bid.areas.through.objects.filter(bid__in=awards).values_list(
        "bid_id", "area_id"
    ):
        areas_of.setdefault(bid_id, set()).add(area_id)
    for bid_id, theme_id in Bid.themes.through.objects.filter(bid__in=awards).values_list(
        "bid_id", "theme_id"
    ):
        themes_of.setdefault(bid_id, set()).add(theme_id)
    touched = {
        (area_id, theme_id)
        for bid_id, area_ids in areas_of.items()
        for area_id in area_ids
        for theme_id in themes_of.get(bid_id, ())
    }
    return [
        need
        for need in needs_in_place(place).filter(severity=Severity.HIGH)
        if (need.area_id, need.theme_id) not in touched
    ]


def coordination(place, today=None):
    today = today or timezone.localdate(timezone=place.tz)
    bids = list(pipeline_bids(place))
    return {
        "bids": bids,
        "by_theme": _pipeline(bids, lambda b: [(t.pk, t.name) for t in b.themes.all()]),
        "by_area": _pipeline(bids, lambda b: [(a.pk, a.name) for a in b.areas.all()]),
        "by_organisation": _pipeline(bids, lambda b: [(b.applicant_id, b.applicant.name)]),
        "flags": sorted(overlap_flags(bids, today), key=lambda f: f.kind != "awards_overlap"),
        "unmet_needs": unmet_high_needs(place, today),
    }


# Community board funds


def _money(expression, **extra):
    return Coalesce(
        Sum(expression, **extra),
        Value(Decimal("0")),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def with_totals(funds):
    """Funds with ``committed`` (awards not withdrawn, and what was paid on withdrawn ones),
    ``paid`` and ``awaiting`` (asked for by applications not yet decided)."""
    awarded = Q(applications__bid__state=BidState.AWARDED)
    return funds.annotate(
        committed_live=_money(
            "applications__bid__amount_awarded",
            filter=awarded & Q(applications__withdrawn_at__isnull=True),
        ),
        committed_withdrawn=_money(
            "applications__paid_amount",
            filter=awarded & Q(applications__withdrawn_at__isnull=False),
        ),
        paid=_money("applications__paid_amount"),
        awaiting=_money(
            "applications__bid__amount_requested",
            filter=Q(applications__bid__state__in=LIVE_STATES),
        ),
    ).annotate(committed=models_F("committed_live") + models_F("committed_withdrawn"))


def funds_visible_to(place, user):
    """Board funds of the boards this person sees: a public board's fund is public."""
    boards = boards_visible_to(place, user).values("pk")
    return with_totals(
        BoardFund.objects.for_place(place)
        .filter(board__in=boards)
        .select_related("board", "board__area", "programme", "priorities_meeting")
        .prefetch_related("priorities")
    ).order_by("-year", "board__name", "pk")


def get_fund_for(place, user, pk):
    return funds_visible_to(place, user).filter(pk=pk).first()


def _applications(place):
    return FundApplication.objects.for_place(place).select_related(
        "bid",
        "bid__applicant",
        "bid__programme",
        "bid__feedback",
        "fund",
        "fund__board",
        "priority",
        "proposal",
        "agenda_item",
        "agenda_item__meeting",
        "decided_at_meeting",
        "report",
    )


def fund_applications_visible_to(user, place):
    """Applications to board funds this person may see in full (the bid's privacy rules)."""
    return _applications(place).filter(bid__in=bids_visible_to(user, place).values("pk"))


def get_fund_application_for(user, place, pk):
    return fund_applications_visible_to(user, place).filter(pk=pk).first()


def fund_grants(place, fund):
    """Public: what a fund awarded, with priority, area and the grantee's report."""
    return (
        _applications(place)
        .filter(fund=fund, bid__state=BidState.AWARDED)
        .prefetch_related(Prefetch("bid__areas", queryset=Area.objects.for_place(place)))
        .order_by("-bid__decided_at", "-pk")
    )


def fund_applications_of(place, fund):
    """Every application to a fund but drafts: for those who run the board."""
    return (
        _applications(place)
        .filter(fund=fund)
        .exclude(bid__state=BidState.DRAFT)
        .order_by("-bid__submitted_at", "-pk")
    )


def payments_of(place, application):
    return FundPayment.objects.for_place(place).filter(application=application)


def spend_by_priority(grants):
    """[(priority title, number, total committed)] of a fund's grants."""
    rows = {}
    for application in grants:
        key = application.priority.title if application.priority_id else ""
        number, total = rows.get(key, (0, Decimal("0")))
        rows[key] = (number + 1, total + application.committed)
    return sorted(((k, n, t) for k, (n, t) in rows.items()), key=lambda r: (r[0] == "", r[0]))


def proposal_path(place, proposal):
    """The applications a resident's idea became, as the public may see them: awarded grants (with
    their reports) and applications awaiting the board; never a draft or a declined one."""
    return (
        _applications(place)
        .filter(proposal=proposal, bid__state__in=[BidState.AWARDED, *LIVE_STATES])
        .order_by("created_at", "pk")
    )
