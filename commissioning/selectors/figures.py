"""Public figures: whether a tender's funding kept up with demand across its contracts (the value
per unit of demand, contract by contract, per tender and per service area), and each
commissioner's record (awards to the local voluntary sector, how much was co-designed and for
how long)."""

import statistics
from dataclasses import dataclass, field

from coordination.organisations.models import Organisation, OrganisationKind

from ..models import (
    Award,
    CommissioningPolicy,
    DemandPeriod,
    Stage,
    Tender,
    TenderStageChange,
)
from ..models.tenders import value_per_unit


@dataclass
class Proportionality:
    """Demand and value across a tender's successive contracts. Flagged when the value for each
    unit of demand fell by more than the place's threshold against the contract before or the
    first: demand doubling while the value rose 1% is a fall of about half."""

    periods: list
    flagged: bool
    demand_change: float | None  # per cent, latest against the one before
    value_change: float | None
    unit_value_change: float | None = (
        None  # per cent, value per unit, latest against the one before
    )
    unit_value_change_overall: float | None = None  # latest against the first
    threshold: int = field(default=0)  # the place's: a fall of more than this many per cent


def _percent(new, old):
    if not old:
        return None
    return round(float((new - old) / old * 100), 1)


def proportionality(tender, periods=None, threshold=None):
    """Demand against value across successive contracts (see Proportionality).

    ``periods`` may be given already read (a prefetch), in date order; ``threshold`` the place's
    (CommissioningPolicy), read once by a caller that checks many tenders."""
    if periods is None:
        periods = list(DemandPeriod.objects.for_place(tender.place_id).filter(tender=tender))
    if threshold is None:
        threshold = CommissioningPolicy.of(tender.place_id).unit_value_fall_percent
    periods = list(periods)
    if len(periods) < 2:
        return Proportionality(periods, False, None, None, threshold=threshold)
    first, before, latest = periods[0], periods[-2], periods[-1]
    change = _unit_change(latest, before)
    overall = _unit_change(latest, first)
    flagged = any(c is not None and c < -threshold for c in (change, overall))
    return Proportionality(
        periods,
        flagged,
        _percent(latest.demand, before.demand),
        _percent(latest.value, before.value),
        change,
        overall,
        threshold,
    )


def _unit_change(new, old):
    new_unit, old_unit = value_per_unit(new), value_per_unit(old)
    if new_unit is None or old_unit is None:
        return None
    return _percent(new_unit, old_unit)


@dataclass
class ServiceAreaProportionality:
    """One service area (a theme): its tenders with two or more contracts, how many are flagged,
    and the median change in value per unit of demand from each one's first contract to its
    latest."""

    theme: str
    tenders: int
    flagged: int
    median_unit_value_change: float | None


def _contract_lines(place):
    """{tender id: its demand periods in date order}, for the tenders with two or more."""
    periods_of = {}
    for period in DemandPeriod.objects.for_place(place).order_by("tender_id", "starts_on", "pk"):
        periods_of.setdefault(period.tender_id, []).append(period)
    return {pk: periods for pk, periods in periods_of.items() if len(periods) > 1}


def flagged_share(place, threshold=None):
    """The share of the place's tenders that continue earlier contracts whose value for each unit
    of demand fell beyond the threshold (the place's own unless given); None with no such tender."""
    if threshold is None:
        threshold = CommissioningPolicy.of(place).unit_value_fall_percent
    lines = _contract_lines(place).values()
    if not lines:
        return None
    flagged = sum(1 for periods in lines if proportionality(None, periods, threshold).flagged)
    return flagged / len(lines)


def proportionality_by_service_area(place):
    """Proportionality per service area, the place's tenders grouped by their themes (a tender
    with two themes counts in both), in three queries however many tenders."""
    threshold = CommissioningPolicy.of(place).unit_value_fall_percent
    periods_of = _contract_lines(place)
    themes_of = {}
    for tender_id, name in Tender.themes.through.objects.filter(
        tender_id__in=list(periods_of)
    ).values_list("tender_id", "theme__name"):
        themes_of.setdefault(tender_id, []).append(name)
    areas = {}
    for tender_id, names in themes_of.items():
        found = proportionality(None, periods=periods_of[tender_id], threshold=threshold)
        for name in names:
            areas.setdefault(name, []).append(found)
    return [
        ServiceAreaProportionality(
            theme=name,
            tenders=len(rows),
            flagged=sum(1 for r in rows if r.flagged),
            median_unit_value_change=_median(
                [
                    r.unit_value_change_overall
                    for r in rows
                    if r.unit_value_change_overall is not None
                ]
            ),
        )
        for name, rows in sorted(areas.items())
    ]


def _median(values):
    return round(statistics.median(values), 1) if values else None


# Per-commissioner figures


@dataclass
class CommissionerFigures:
    commissioner: Organisation
    tenders: int
    awarded: int
    local_vcse_awards: int
    co_designed: int
    median_co_design_days: float | None

    @property
    def local_vcse_share(self):
        return round(self.local_vcse_awards / self.awarded * 100) if self.awarded else None

    @property
    def co_designed_share(self):
        return round(self.co_designed / self.tenders * 100) if self.tenders else None


def local_vcse_ids(place):
    """VCSE organisations that work in at least one of this place's areas: the local sector."""
    return set(
        Organisation.objects.filter(
            kind__in=OrganisationKind.vcse(), areas__place=place
        ).values_list("pk", flat=True)
    )


def commissioner_figures(place):
    # A county runs hundreds of tenders: their dates as tuples, and each commissioner read once.
    tenders = list(
        Tender.objects.for_place(place)
        .exclude(stage=Stage.PIPELINE)
        .order_by("commissioner__name", "pk")
        .values_list("pk", "commissioner_id", "co_design_opens_at", "co_design_closes_at")
    )
    commissioners = Organisation.objects.in_bulk({row[1] for row in tenders})
    co_designed_ids = set(
        TenderStageChange.objects.for_place(place)
        .filter(to_stage=Stage.CO_DESIGN)
        .values_list("tender_id", flat=True)
    )
    winners = dict(Award.objects.for_place(place).values_list("tender_id", "submission__lead_id"))
    local = local_vcse_ids(place)
    by_commissioner = {}
    for pk, commissioner_id, opens, closes in tenders:
        by_commissioner.setdefault(commissioner_id, []).append((pk, opens, closes))
    figures = []
    for commissioner_id, rows in by_commissioner.items():
        windows = [
            (closes - opens).total_seconds() / 86400
            for pk, opens, closes in rows
            if pk in co_designed_ids and opens and closes
        ]
        awarded = [pk for pk, _opens, _closes in rows if pk in winners]
        figures.append(
            CommissionerFigures(
                commissioner=commissioners[commissioner_id],
                tenders=len(rows),
                awarded=len(awarded),
                local_vcse_awards=sum(1 for pk in awarded if winners[pk] in local),
                co_designed=sum(1 for pk, _opens, _closes in rows if pk in co_designed_ids),
                median_co_design_days=round(statistics.median(windows), 1) if windows else None,
            )
        )
    return figures
