"""What funders in a place see together: the pipeline of bids whose applicants consented to share
their summary, its tables by theme, area and organisation, the flags where two funders may pay
for the same thing, and the high needs no current award touches."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from coordination.organisations.models import Organisation
from mapping.selectors import high_needs_in_place

from ..models import LIVE_STATES, Bid, BidState, CoFundOffer, Programme
from .bids import place_bids


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
        place_bids(place)
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
    return list(high_needs_in_place(place).exclude(Exists(touching)))


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
