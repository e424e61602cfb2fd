"""The published figures: awards, the share that is core funding, grant lengths, the share to
organisations embedded locally, decisions, and how promptly feedback reaches applicants, for the
place and for each funder. Each is read in a fixed number of queries, however many bids."""

from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from django.db.models import Count, Q
from django.utils import timezone

from coordination.organisations.models import Organisation, OrganisationKind

from ..models import Bid, BidState, FundingType, award_months, days_to_release, feedback_is_overdue
from .programmes import funders_in_place, programmes_in_place


def is_local_embedded(kind, place, place_ids, area_place_ids):
    """An organisation (of this kind) embedded in its community here: a VCSE organisation working
    in this place only, in at least one of its areas (a national charity with a local office is
    not)."""
    return (
        kind in OrganisationKind.vcse()
        and set(place_ids) == {place.pk}
        and place.pk in area_place_ids
    )


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
