"""Reads of funding, limited to one place and to what the person asking may see.

Privacy: a bid is seen in full by the applicant organisation's members and the programme funder's
members; other funders in the place see only the summary of bids whose applicant consented (and
never a draft or a declined bid); the public sees awarded grants and the figures, never a declined bid.
"""

from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from django.db.models import Count, DecimalField, Exists, OuterRef, Prefetch, Q, Sum, Value
from django.db.models import F as models_F
from django.db.models.functions import Coalesce
from django.utils import timezone

from boards.selectors import boards_visible_to, insider_board_ids
from coordination.accounts.permissions import can
from coordination.organisations.models import Organisation, OrganisationKind
from coordination.places.models import Area
from mapping.models import Severity
from mapping.selectors import needs_in_place

from .. import permissions
from ..models import (
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
    award_months,
    days_to_release,
    feedback_is_overdue,
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


def place_bids(place):
    """All the place's bids, with what their pages and answers show: narrow it (bids_visible_to)
    before anyone sees it."""
    return _bids(place)


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


def feedback_awaiting_release(place):
    return (
        Feedback.objects.for_place(place)
        .filter(released_at__isnull=True)
        .select_related("bid", "bid__programme", "bid__programme__funder", "bid__applicant")
        .order_by("due_on", "pk")
    )


def is_local_embedded(kind, place, place_ids, area_place_ids):
    """An organisation (of this kind) embedded in its community here: a VCSE organisation working
    in this place only, in at least one of its areas (a national charity with a local office is
    not)."""
    return (
        kind in OrganisationKind.vcse()
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


def _counted_bids(place, funder=None):
    """Funders' figures: a board's fund publishes its own on its page (spend against budget)."""
    bids = Bid.objects.for_place(place).filter(programme__board__isnull=True)
    if funder is not None:
        bids = bids.filter(programme__funder=funder)
    return bids


def _decided_bids(place, funder=None):
    """The decided bids the funders' figures count, as rows of the columns they read."""
    return list(
        _counted_bids(place, funder)
        .filter(state__in=[BidState.AWARDED, BidState.DECLINED])
        .order_by()
        .values(
            "state",
            "amount_awarded",
            "award_start",
            "award_end",
            "decided_at",
            "applicant_id",
            "applicant__kind",
            "programme__funder_id",
            "programme__funding_type",
            "feedback__released_at",
            "feedback__due_on",
        )
    )


def _where_applicants_work(awarded):
    """For the applicants of the awarded bids (a queryset): ({organisation id: its places' ids},
    {organisation id: the places of its areas})."""
    applicants = awarded.values("applicant_id")
    place_links = Organisation.places.through.objects.filter(organisation_id__in=applicants)
    places_of = {}
    for organisation_id, place_id in place_links.values_list("organisation_id", "place_id"):
        places_of.setdefault(organisation_id, set()).add(place_id)
    area_links = Organisation.areas.through.objects.filter(organisation_id__in=applicants)
    areas_of = {}
    for organisation_id, area_place in area_links.values_list("organisation_id", "area__place_id"):
        areas_of.setdefault(organisation_id, set()).add(area_place)
    return places_of, areas_of


def _programme_counts(place, funder=None):
    programmes = programmes_in_place(place).filter(board__isnull=True)
    if funder is not None:
        programmes = programmes.filter(funder=funder)
    counts = programmes.annotate(
        submitted=Count("bids", filter=Q(bids__place=place) & ~Q(bids__state=BidState.DRAFT)),
        awarded=Count("bids", filter=Q(bids__place=place, bids__state=BidState.AWARDED)),
        declined=Count("bids", filter=Q(bids__place=place, bids__state=BidState.DECLINED)),
    )
    return [
        (p, p.submitted, p.awarded, p.declined, _share(p.awarded, p.awarded + p.declined))
        for p in counts
    ]


def _figures(place, decided, where, programmes, today):
    """Figures from the rows of _decided_bids; ``where`` is _where_applicants_work's answer for
    (at least) their applicants."""
    awards = [b for b in decided if b["state"] == BidState.AWARDED]
    declines = [b for b in decided if b["state"] == BidState.DECLINED]
    total = sum((b["amount_awarded"] for b in awards), Decimal("0"))
    core = [b for b in awards if b["programme__funding_type"] == FundingType.CORE]
    core_total = sum((b["amount_awarded"] for b in core), Decimal("0"))
    months = [award_months(b["award_start"], b["award_end"]) for b in awards]
    months = [m for m in months if m is not None]
    places_of, areas_of = where
    local = [
        b
        for b in awards
        if is_local_embedded(
            b["applicant__kind"],
            place,
            places_of.get(b["applicant_id"], ()),
            areas_of.get(b["applicant_id"], ()),
        )
    ]
    released = [b for b in declines if b["feedback__released_at"] is not None]
    feedback_days = [
        days_to_release(b["feedback__released_at"], b["decided_at"], place.tz) for b in released
    ]
    overdue = sum(
        1
        for b in declines
        if feedback_is_overdue(b["feedback__released_at"], b["feedback__due_on"], today)
    )
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
        programmes=programmes,
    )


def _awarded(place, funder=None):
    return _counted_bids(place, funder).filter(state=BidState.AWARDED)


def compute_figures(place, *, funder=None, today=None):
    """The published figures for the place, or for one funder's programmes in it (a fixed
    number of queries, however many bids)."""
    today = today or timezone.localdate(timezone=place.tz)
    decided = _decided_bids(place, funder)
    where = _where_applicants_work(_awarded(place, funder))
    return _figures(place, decided, where, _programme_counts(place, funder), today)


def place_and_funder_figures(place, today=None):
    """compute_figures(place) and funder_figures(place) at once: the place's bids, programmes and
    applicants are read once (a fixed number of queries, however many funders)."""
    today = today or timezone.localdate(timezone=place.tz)
    decided = _decided_bids(place)
    programmes = _programme_counts(place)
    where = _where_applicants_work(_awarded(place))
    figures = _figures(place, decided, where, programmes, today)
    funders = list(funders_in_place(place).filter(programmes__places=place).distinct())
    decided_of, programmes_of = {}, {}
    for row in decided:
        decided_of.setdefault(row["programme__funder_id"], []).append(row)
    for row in programmes:
        programmes_of.setdefault(row[0].funder_id, []).append(row)
    return figures, [
        (f, _figures(place, decided_of.get(f.pk, []), where, programmes_of.get(f.pk, []), today))
        for f in funders
    ]


def funder_figures(place, today=None):
    """[(funder, Figures)] for every funder with a programme in this place."""
    return place_and_funder_figures(place, today)[1]


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


def overlap_flags(bids, theme_names, today=None):
    """The same organisation seeking the same purpose (a shared theme) from two funders, and awards
    from two funders to one organisation that overlap in time. A grant that has ended is history,
    not duplication: it raises no same-purpose flag. ``theme_names`` maps a bid's id to the names
    of its themes."""
    flags = []

    def finished(bid):
        return today is not None and bid.state == BidState.AWARDED and bid.award_end < today

    by_applicant = {}
    for bid in bids:
        by_applicant.setdefault(bid.applicant_id, []).append(bid)
    no_themes = frozenset()
    for group in by_applicant.values():
        for i, first in enumerate(group):
            first_themes = theme_names.get(first.pk, no_themes)
            for second in group[i + 1 :]:
                if first.programme.funder_id == second.programme.funder_id:
                    continue
                shared = sorted(first_themes & theme_names.get(second.pk, no_themes))
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
    touching = Bid.objects.for_place(place).filter(
        state=BidState.AWARDED,
        award_end__gte=today,
        areas=OuterRef("area_id"),
        themes=OuterRef("theme_id"),
    )
    return list(needs_in_place(place).filter(severity=Severity.HIGH).exclude(Exists(touching)))


def _links_of(links, bids, column):
    """{bid id: [(id, name)]} from a link table's rows for the bids, by name as prefetching gave."""
    found = {}
    rows = (
        links.filter(bid__in=bids.values("pk"))
        .order_by(f"{column}__name", f"{column}_id")
        .values_list("bid_id", f"{column}_id", f"{column}__name")
    )
    for bid_id, pk, name in rows:
        found.setdefault(bid_id, []).append((pk, name))
    return found


def _shared_pipeline(place, *, summaries=True):
    """The consented pipeline as a queryset, and its bids with only what the page, the flags and
    the API read. Funders, programmes and applicants are few beside the bids, so each is read
    once and shared by its bids rather than joined into every row."""
    shared = Bid.objects.for_place(place).filter(
        share_summary=True, state__in=[*LIVE_STATES, BidState.AWARDED]
    )
    fields = ["place_id", "programme_id", "applicant_id", "title", "state", "amount_requested"]
    fields += ["amount_awarded", "award_start", "award_end", "submitted_at"]
    bids = list(
        shared.only(*fields, *(["summary"] if summaries else []))
        .prefetch_related(
            Prefetch(
                "programme",
                queryset=Programme.objects.only("funder_id").select_related("funder"),
            ),
            Prefetch("applicant", queryset=Organisation.objects.only("name")),
        )
        .order_by("applicant__name", "submitted_at", "pk")
    )
    return shared, bids


def _flags(bids, themes_of, today):
    theme_names = {pk: {name for _t, name in themes} for pk, themes in themes_of.items()}
    return sorted(overlap_flags(bids, theme_names, today), key=lambda f: f.kind != "awards_overlap")


def coordination_flags(place, today=None):
    """What the API's overlaps answer holds: the overlap flags and the unmet high needs."""
    today = today or timezone.localdate(timezone=place.tz)
    shared, bids = _shared_pipeline(place, summaries=False)
    themes_of = _links_of(Bid.themes.through.objects, shared, "theme")
    return {"flags": _flags(bids, themes_of, today), "unmet_needs": unmet_high_needs(place, today)}


def coordination(place, today=None):
    """The funder coordination page's reads: the consented pipeline (each bid with its co-fund
    offers as ``cofund_offer_list``), its tables by theme, area and organisation, the overlap flags
    and the unmet high needs. A county's pipeline holds thousands of bids, so their themes, areas
    and offers are read in one query each rather than prefetched into every bid."""
    today = today or timezone.localdate(timezone=place.tz)
    shared, bids = _shared_pipeline(place)
    themes_of = _links_of(Bid.themes.through.objects, shared, "theme")
    # Areas as the place's own (another place's area on a bid is not listed here).
    areas_of = _links_of(Bid.areas.through.objects.filter(area__place=place), shared, "area")
    offers_of = {}
    for offer in (
        CoFundOffer.objects.for_place(place)
        .filter(bid__in=shared.values("pk"))
        .select_related("funder")
    ):
        offers_of.setdefault(offer.bid_id, []).append(offer)
    for bid in bids:
        bid.cofund_offer_list = offers_of.get(bid.pk, [])
    return {
        "bids": bids,
        "by_theme": _pipeline(bids, lambda b: themes_of.get(b.pk, ())),
        "by_area": _pipeline(bids, lambda b: areas_of.get(b.pk, ())),
        "by_organisation": _pipeline(bids, lambda b: [(b.applicant_id, b.applicant.name)]),
        "flags": _flags(bids, themes_of, today),
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
