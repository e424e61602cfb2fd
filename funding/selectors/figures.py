"""The published figures: awards, the share that is core funding, grant lengths, the share to
organisations embedded locally, decisions, and how promptly feedback reaches applicants, for the
place and for each funder. Each is read in a fixed number of queries, however many bids."""

from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from django.db.models import Count, Q
from django.utils import timezone

from coordination.organisations.models import Organisation, OrganisationKind

from ..models import (
    Bid,
    BidState,
    FundingPolicy,
    FundingType,
    award_months,
    days_to_release,
    feedback_is_overdue,
)
from .programmes import funders_in_place, programmes_in_place
from .variations import variation_figures, variation_rows


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
    short_term_months: int  # the place's threshold: a spending period below it is short-term
    short_share: float | None  # share of awards (by number) with a short spending period
    short_value_share: float | None  # the same by value
    median_spend_months: float | None  # median spending period, start to spend-by, in months
    spending_by_year: list  # [SpendingYear], oldest first
    # Grant variations (set by _with_variations): requests made, approved, decided, the approved
    # share of those decided and the median days from request to decision.
    variations_requested: int = 0
    variations_approved: int = 0
    variations_decided: int = 0
    variations_approved_share: float | None = None
    median_variation_days: float | None = None


@dataclass
class SpendingYear:
    """The awards decided in one calendar year: how many, how many had a short spending period."""

    year: int
    awards: int
    short: int
    awarded_total: Decimal
    short_total: Decimal

    @property
    def short_share(self):
        return _share(self.short, self.awards)

    @property
    def short_value_share(self):
        return _share(float(self.short_total), float(self.awarded_total)) if self.awards else None


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
            "spend_by",
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


def _spending(place, awards, short_term_months):
    """Short spending periods among the awards (rows of _decided_bids): (short share by number,
    by value, median months to spend, [SpendingYear] by the year each was decided, oldest first).
    A period runs from the grant's start to its spend-by date, so one straddling two years counts
    once, in the year it was decided."""
    spend = [(b, award_months(b["award_start"], b["spend_by"])) for b in awards]
    spend = [(b, months) for b, months in spend if months is not None]
    short = [b for b, months in spend if months < short_term_months]
    total = sum((b["amount_awarded"] for b, _months in spend), Decimal("0"))
    short_total = sum((b["amount_awarded"] for b in short), Decimal("0"))
    years = {}
    for b, months in spend:
        year = b["decided_at"].astimezone(place.tz).year
        row = years.setdefault(year, SpendingYear(year, 0, 0, Decimal("0"), Decimal("0")))
        row.awards += 1
        row.awarded_total += b["amount_awarded"]
        if months < short_term_months:
            row.short += 1
            row.short_total += b["amount_awarded"]
    return (
        _share(len(short), len(spend)),
        _share(float(short_total), float(total)) if total else None,
        median([months for _b, months in spend]) if spend else None,
        [years[y] for y in sorted(years)],
    )


def _figures(place, decided, where, programmes, today, short_term_months):
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
    short_share, short_value_share, median_spend, by_year = _spending(
        place, awards, short_term_months
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
        short_term_months=short_term_months,
        short_share=short_share,
        short_value_share=short_value_share,
        median_spend_months=median_spend,
        spending_by_year=by_year,
    )


def _awarded(place, funder=None):
    return _counted_bids(place, funder).filter(state=BidState.AWARDED)


def compute_figures(place, *, funder=None, today=None, short_term_months=None):
    """The published figures for the place, or for one funder's programmes in it (a fixed
    number of queries, however many bids). Short-term is below the place's own threshold unless
    ``short_term_months`` says (the places compared on one yardstick)."""
    today = today or timezone.localdate(timezone=place.tz)
    decided = _decided_bids(place, funder)
    where = _where_applicants_work(_awarded(place, funder))
    threshold = short_term_months or FundingPolicy.of(place).short_term_months
    figures = _figures(place, decided, where, _programme_counts(place, funder), today, threshold)
    return _with_variations(figures, place, variation_rows(place, funder))


def place_and_funder_figures(place, today=None):
    """compute_figures(place) and funder_figures(place) at once: the place's bids, programmes and
    applicants are read once (a fixed number of queries, however many funders)."""
    today = today or timezone.localdate(timezone=place.tz)
    decided = _decided_bids(place)
    programmes = _programme_counts(place)
    where = _where_applicants_work(_awarded(place))
    threshold = FundingPolicy.of(place).short_term_months
    figures = _figures(place, decided, where, programmes, today, threshold)
    variations = variation_rows(place)
    _with_variations(figures, place, variations)
    variations_of = {}
    for row in variations:
        variations_of.setdefault(row["grant__programme__funder_id"], []).append(row)
    funders = list(funders_in_place(place).filter(programmes__places=place).distinct())
    decided_of, programmes_of = {}, {}
    for row in decided:
        decided_of.setdefault(row["programme__funder_id"], []).append(row)
    for row in programmes:
        programmes_of.setdefault(row[0].funder_id, []).append(row)
    return figures, [
        (
            f,
            _with_variations(
                _figures(
                    place,
                    decided_of.get(f.pk, []),
                    where,
                    programmes_of.get(f.pk, []),
                    today,
                    threshold,
                ),
                place,
                variations_of.get(f.pk, []),
            ),
        )
        for f in funders
    ]


# Grant variations ------------------------------------------------------------------------------


def _with_variations(figures, place, rows):
    """Figures with the variations of their grants counted in (rows of variation_rows)."""
    (
        figures.variations_requested,
        figures.variations_approved,
        figures.variations_decided,
        figures.variations_approved_share,
        figures.median_variation_days,
    ) = variation_figures(place, rows)
    return figures
