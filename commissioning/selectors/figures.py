"""Public figures: whether a tender's funding kept up with demand across its contracts, and each
commissioner's record (awards to the local voluntary sector, how much was co-designed and for
how long)."""

import statistics
from dataclasses import dataclass

from coordination.organisations.models import Organisation, OrganisationKind

from ..models import Award, DemandPeriod, Stage, Tender, TenderStageChange


@dataclass
class Proportionality:
    periods: list
    flagged: bool
    demand_change: float | None  # per cent, latest against the one before
    value_change: float | None


def _percent(new, old):
    if not old:
        return None
    return round(float((new - old) / old * 100), 1)


def proportionality(tender, periods=None):
    """Demand against value across successive contracts; flagged when demand rose and value did not.

    ``periods`` may be given already read (a prefetch), in date order."""
    if periods is None:
        periods = list(DemandPeriod.objects.for_place(tender.place_id).filter(tender=tender))
    periods = list(periods)
    if len(periods) < 2:
        return Proportionality(periods, False, None, None)
    before, latest = periods[-2], periods[-1]
    flagged = latest.demand > before.demand and latest.value <= before.value
    return Proportionality(
        periods,
        flagged,
        _percent(latest.demand, before.demand),
        _percent(latest.value, before.value),
    )


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
    tenders = list(
        Tender.objects.for_place(place)
        .exclude(stage=Stage.PIPELINE)
        .select_related("commissioner")
        .order_by("commissioner__name", "pk")
    )
    co_designed_ids = set(
        TenderStageChange.objects.for_place(place)
        .filter(to_stage=Stage.CO_DESIGN)
        .values_list("tender_id", flat=True)
    )
    winners = dict(Award.objects.for_place(place).values_list("tender_id", "submission__lead_id"))
    local = local_vcse_ids(place)
    by_commissioner = {}
    for tender in tenders:
        by_commissioner.setdefault(tender.commissioner, []).append(tender)
    figures = []
    for commissioner, rows in by_commissioner.items():
        windows = [
            (t.co_design_closes_at - t.co_design_opens_at).total_seconds() / 86400
            for t in rows
            if t.pk in co_designed_ids and t.co_design_opens_at and t.co_design_closes_at
        ]
        awarded = [t for t in rows if t.pk in winners]
        figures.append(
            CommissionerFigures(
                commissioner=commissioner,
                tenders=len(rows),
                awarded=len(awarded),
                local_vcse_awards=sum(1 for t in awarded if winners[t.pk] in local),
                co_designed=sum(1 for t in rows if t.pk in co_designed_ids),
                median_co_design_days=round(statistics.median(windows), 1) if windows else None,
            )
        )
    return figures
