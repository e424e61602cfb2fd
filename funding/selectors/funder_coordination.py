"""What funders in a place see together: the pipeline of bids whose applicants consented to share
their summary, its tables by theme, area and organisation, the flags where two funders may pay
for the same thing, and the high needs no current award touches.

A flag needs one organisation, two funders and two periods that overlap: two awards (whatever
their purpose), or two bids for a similar purpose (their titles and summaries share most of their
words). The checks cover the shared pipeline and, besides, every bid of the funders that consented
to duplicate checks here (DuplicateCheckConsent), of which others see only the title."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from coordination.organisations.models import Organisation
from mapping.selectors import high_needs_in_place

from ..models import LIVE_STATES, Bid, BidState, CoFundOffer, DuplicateCheckConsent, Programme
from .bids import place_bids

# Two bids are for a similar purpose when their titles and summaries share at least this share of
# their words (Jaccard similarity, leaving out short and common words).
SIMILAR_PURPOSE = 0.5
_WORD = re.compile(r"[a-z0-9]+")
_COMMON = frozenset(
    "and the for with from our their this that will are was were has have into over each per "
    "who what when where which more most all any can also them they you your".split()
)


@dataclass
class Flag:
    kind: str  # "same_purpose" or "awards_overlap"
    organisation: Organisation
    bids: tuple
    themes: list
    similarity: float = field(default=0.0)  # share of words in common, 0 to 1


def purpose_words(bid):
    """The words of a bid's title and summary that say what it is for (plurals made singular)."""
    words = set()
    for word in _WORD.findall(f"{bid.title} {bid.summary}".lower()):
        if len(word) < 3 or word in _COMMON:
            continue
        words.add(_singular(word))
    return words


def _singular(word):
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def purpose_similarity(first_words, second_words):
    """The share of the two bids' purpose words they have in common (0 to 1)."""
    if not first_words or not second_words:
        return 0.0
    return len(first_words & second_words) / len(first_words | second_words)


def bid_period(bid, tz):
    """(first day, last day) a bid's money would run: an award's dates; for a live bid, its
    length from the day it was submitted."""
    if bid.state == BidState.AWARDED:
        return bid.award_start, bid.award_end
    start = (bid.submitted_at or timezone.now()).astimezone(tz).date()
    return start, start + relativedelta(months=bid.duration_months)


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


def overlap_flags(bids, theme_names, today=None, tz=None):
    """The same organisation seeking a similar purpose from two funders over overlapping periods,
    and awards from two funders to one organisation that overlap in time. A grant that has ended
    is history, not duplication: it raises no same-purpose flag. ``theme_names`` maps a bid's id
    to the names of its themes (shown beside a flag)."""
    tz = tz or timezone.get_current_timezone()
    flags = []

    def finished(bid):
        return today is not None and bid.state == BidState.AWARDED and bid.award_end < today

    by_applicant = {}
    for bid in bids:
        by_applicant.setdefault(bid.applicant_id, []).append(bid)
    no_themes = frozenset()
    for group in by_applicant.values():
        if len(group) < 2:
            continue
        words = {bid.pk: purpose_words(bid) for bid in group}
        periods = {bid.pk: bid_period(bid, tz) for bid in group}
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                if first.programme.funder_id == second.programme.funder_id:
                    continue
                (a_start, a_end), (b_start, b_end) = periods[first.pk], periods[second.pk]
                if not (a_start <= b_end and b_start <= a_end):
                    continue
                shared = sorted(
                    theme_names.get(first.pk, no_themes) & theme_names.get(second.pk, no_themes)
                )
                similarity = purpose_similarity(words[first.pk], words[second.pk])
                if first.state == second.state == BidState.AWARDED:
                    flag = Flag("awards_overlap", first.applicant, (first, second), shared)
                elif similarity >= SIMILAR_PURPOSE and not (finished(first) or finished(second)):
                    flag = Flag("same_purpose", first.applicant, (first, second), shared)
                else:
                    continue
                flag.similarity = similarity
                flags.append(flag)
    return flags


def unmet_high_needs_query(place, today=None):
    """High-severity needs on the map that no current award touches (same area and theme), as a
    queryset to page."""
    today = today or timezone.localdate(timezone=place.tz)
    touching = Bid.objects.for_place(place).filter(
        state=BidState.AWARDED,
        award_end__gte=today,
        areas=OuterRef("area_id"),
        themes=OuterRef("theme_id"),
    )
    return high_needs_in_place(place).exclude(Exists(touching))


def unmet_high_needs(place, today=None):
    """High-severity needs on the map that no current award touches (same area and theme)."""
    return list(unmet_high_needs_query(place, today))


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


def _shared_pipeline(place):
    """The consented pipeline as a queryset, and its bids with only what the page, the flags and
    the API read. Funders, programmes and applicants are few beside the bids, so each is read
    once and shared by its bids rather than joined into every row."""
    shared = Bid.objects.for_place(place).filter(
        share_summary=True, state__in=[*LIVE_STATES, BidState.AWARDED]
    )
    fields = ["place_id", "programme_id", "applicant_id", "title", "state", "amount_requested"]
    fields += ["amount_awarded", "award_start", "award_end", "submitted_at"]
    bids = list(
        shared.only(*fields, "summary")
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


def consenting_funder_ids(place):
    """The funders that consented to duplicate checks here."""
    return set(DuplicateCheckConsent.objects.for_place(place).values_list("funder_id", flat=True))


def _checked_bids(place):
    """The bids the duplicate checks read: the shared pipeline's and every live or awarded bid of
    a consenting funder, with what the checks read."""
    checked = Bid.objects.for_place(place).filter(
        Q(share_summary=True)
        | Q(programme__funder__in=DuplicateCheckConsent.objects.for_place(place).values("funder")),
        state__in=[*LIVE_STATES, BidState.AWARDED],
    )
    fields = ["place_id", "programme_id", "applicant_id", "title", "summary", "state"]
    fields += ["share_summary", "award_start", "award_end", "submitted_at", "duration_months"]
    bids = list(
        checked.only(*fields)
        .prefetch_related(
            Prefetch(
                "programme",
                queryset=Programme.objects.only("funder_id").select_related("funder"),
            ),
            Prefetch("applicant", queryset=Organisation.objects.only("name")),
        )
        .order_by("applicant__name", "submitted_at", "pk")
    )
    return checked, bids


def _flags(place, today):
    checked, bids = _checked_bids(place)
    themes_of = _links_of(Bid.themes.through.objects, checked, "theme")
    theme_names = {pk: {name for _t, name in themes} for pk, themes in themes_of.items()}
    flags = overlap_flags(bids, theme_names, today, place.tz)
    return sorted(flags, key=lambda f: f.kind != "awards_overlap")


def coordination_flags(place, today=None):
    """What the API's overlaps answer holds: the overlap flags and the unmet high needs."""
    today = today or timezone.localdate(timezone=place.tz)
    return {"flags": _flags(place, today), "unmet_needs": unmet_high_needs(place, today)}


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
        "flags": _flags(place, today),
        "unmet_needs": unmet_high_needs(place, today),
        "consenting_funders": consenting_funder_ids(place),
    }
