"""Grant variations as one person may see them: those of the grants they see in full (their
organisation's, and those of their programmes), what waits on a funder's decision and a grantee's
open requests, and the rows the published figures count. Each read is one query whatever the
number of rows."""

from statistics import median

from .. import permissions
from ..models import (
    VARIATION_DECIDED_STATES,
    BidState,
    GrantVariation,
    VariationState,
)
from .bids import bids_visible_to


def _variations(place):
    return GrantVariation.objects.for_place(place).select_related(
        "grant", "grant__programme", "grant__programme__funder", "grant__applicant"
    )


def variations_visible_to(user, place):
    """Variations of the grants this person sees in full."""
    grants = bids_visible_to(user, place).filter(state=BidState.AWARDED).values("pk")
    return _variations(place).filter(grant__in=grants).select_related("requested_by", "decided_by")


def get_variation_for(user, place, pk):
    """The variation if this person may see its grant in full, else None (the same 404)."""
    return variations_visible_to(user, place).filter(pk=pk).first()


def variations_of(place, grant):
    """A grant's variations, newest first, with who asked and who decided."""
    return list(
        GrantVariation.objects.for_place(place)
        .filter(grant=grant)
        .select_related("requested_by", "decided_by")
        .order_by("-requested_at", "-pk")
    )


def variations_to_decide(user, place):
    """Open requests on the grants of the programmes of the funders this person acts for."""
    funders = permissions.funder_ids(user, place)
    if not funders:
        return []
    return list(
        _variations(place)
        .filter(
            state=VariationState.REQUESTED,
            grant__programme__funder_id__in=funders,
            grant__programme__board__isnull=True,
        )
        .order_by("requested_at", "pk")
    )


def open_variation_requests(user, place):
    """Open requests on the grants of the organisations this person leads here."""
    organisations = permissions.applicant_ids(user, place)
    if not organisations:
        return []
    return list(
        _variations(place)
        .filter(state=VariationState.REQUESTED, grant__applicant_id__in=organisations)
        .order_by("requested_at", "pk")
    )


# The published figures ------------------------------------------------------------------------


def variation_rows(place, funder=None):
    """The variations the funders' figures count (a funder's programmes, not a board's fund), as
    rows of the columns they read."""
    rows = GrantVariation.objects.for_place(place).filter(grant__programme__board__isnull=True)
    if funder is not None:
        rows = rows.filter(grant__programme__funder=funder)
    return list(
        rows.order_by().values("state", "requested_at", "decided_at", "grant__programme__funder_id")
    )


def variation_figures(place, rows):
    """(requested, approved, decided, approved share of decided or None, median days to decide
    or None) from variation_rows; days counted in the place's time zone."""
    decided = [r for r in rows if r["state"] in VARIATION_DECIDED_STATES]
    approved = sum(1 for r in decided if r["state"] == VariationState.APPROVED)
    days = [
        (
            r["decided_at"].astimezone(place.tz).date()
            - r["requested_at"].astimezone(place.tz).date()
        ).days
        for r in decided
    ]
    return (
        len(rows),
        approved,
        len(decided),
        approved / len(decided) if decided else None,
        median(days) if days else None,
    )
