"""The coordination page's pipeline at any scale: its totals and its tables by theme and area
summed in the database, its tables by organisation and of bids read a page at a time (a county
shares thousands of bids from over a thousand organisations)."""

from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from ..models import LIVE_STATES, Bid, BidState, CoFundOffer
from .funder_coordination import PipelineRow


def shared_pipeline(place):
    """Every funder's live and awarded bids here whose applicants consented to share them."""
    return Bid.objects.for_place(place).filter(
        share_summary=True, state__in=[*LIVE_STATES, BidState.AWARDED]
    )


def _sums(prefix=""):
    awarded = Q(**{f"{prefix}state": BidState.AWARDED})
    zero = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))
    return {
        "live": Count("pk", filter=~awarded),
        "live_amount": Coalesce(Sum(f"{prefix}amount_requested", filter=~awarded), zero),
        "awarded": Count("pk", filter=awarded),
        "awarded_amount": Coalesce(Sum(f"{prefix}amount_awarded", filter=awarded), zero),
    }


def _row(values, label):
    return PipelineRow(
        label=label,
        live=values["live"],
        live_amount=values["live_amount"],
        awarded=values["awarded"],
        awarded_amount=values["awarded_amount"],
    )


def pipeline_total(place):
    """The whole shared pipeline as one PipelineRow (one query)."""
    return _row(shared_pipeline(place).aggregate(**_sums()), "")


def pipeline_by_theme(place):
    """[PipelineRow] by theme, by name (one query)."""
    links = Bid.themes.through.objects.filter(bid__in=shared_pipeline(place).values("pk"))
    rows = links.values("theme_id", "theme__name").annotate(**_sums("bid__"))
    return [_row(r, r["theme__name"]) for r in rows.order_by("theme__name", "theme_id")]


def pipeline_by_area(place):
    """[PipelineRow] by the place's own areas, by name (one query)."""
    links = Bid.areas.through.objects.filter(
        bid__in=shared_pipeline(place).values("pk"), area__place=place
    )
    rows = links.values("area_id", "area__name").annotate(**_sums("bid__"))
    return [_row(r, r["area__name"]) for r in rows.order_by("area__name", "area_id")]


def pipeline_by_organisation(place):
    """The pipeline by organisation, by name: a queryset of dicts to page (label and the sums)."""
    return (
        shared_pipeline(place)
        .values("applicant_id", "applicant__name")
        .annotate(**_sums())
        .order_by("applicant__name", "applicant_id")
    )


def organisation_rows(values):
    """PipelineRows of a page of pipeline_by_organisation."""
    return [_row(r, r["applicant__name"]) for r in values]


def shared_bids(place):
    """The shared bids, the most recently submitted first, with what the page's table shows (to
    page: the index bid_shared_newest reads a page without sorting the pipeline)."""
    return (
        shared_pipeline(place)
        .select_related("programme__funder", "applicant")
        .order_by("-submitted_at", "-pk")
    )


def with_cofund_offers(place, bids):
    """A page of bids, each with its co-fund offers as ``cofund_offer_list`` (one query)."""
    offers_of = {}
    for offer in (
        CoFundOffer.objects.for_place(place)
        .filter(bid__in=[b.pk for b in bids])
        .select_related("funder")
    ):
        offers_of.setdefault(offer.bid_id, []).append(offer)
    for bid in bids:
        bid.cofund_offer_list = offers_of.get(bid.pk, [])
    return bids
