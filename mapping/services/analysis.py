"""The stored gap and overlap analysis (mapping/snapshots.py): computing a place's snapshot, and
asking for it to be computed again soon after its services or needs change.

A change asks on commit; the first ask for a place starts a quiet period
(``MAPPING_ANALYSIS_REFRESH_SECONDS``, mapping/conf.py) at whose end one task computes the analysis, so an import or a
busy morning of edits costs one computation, not one per change. Beat's hourly tick refreshes
every stored snapshot too, a safety net for changes no signal sees (bulk inserts, an area or theme
renamed).
"""

import json

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from coordination.ops.outage_errors import BROKER_ERRORS, CACHE_ERRORS
from coordination.places.models import Place

from .. import analysis, conf
from ..models import AnalysisSnapshot, OverlapFinding


def _ref(s, *, communities=False):
    found = {"id": s.pk, "name": s.name, "organisation": s.organisation}
    if communities:
        found["communities"] = s.communities
    return found


@transaction.atomic
def analysis_compute(*, place):
    """Compute the place's analysis now and store it as its snapshot (replacing the last one)."""
    coverage = analysis.coverage_matrix(place)
    found = analysis.overlaps(place)
    # One computation stores at a time: the place's row is the lock.
    Place.objects.select_for_update().filter(pk=place.pk).first()
    AnalysisSnapshot.objects.for_place(place).delete()
    answer = analysis.coverage_answer(coverage, found)
    snapshot = AnalysisSnapshot.objects.create(
        place=place,
        computed_at=timezone.now(),
        coverage=json.dumps(answer, separators=(",", ":")).encode(),
        matrix={k: answer[k] for k in ("themes", "areas", "cells")},
        overlaps_by_theme=analysis.overlaps_by_theme(found),
        overlap_count=len(found),
    )
    OverlapFinding.objects.bulk_create(
        [
            OverlapFinding(
                place=place,
                snapshot=snapshot,
                position=position,
                theme=o.theme.name,
                area=o.area.name,
                community=o.community.name if o.community else "",
                services=[_ref(s) for s in o.services],
                complementary=[_ref(s, communities=True) for s in o.complementary],
            )
            for position, o in enumerate(found)
        ],
        batch_size=1000,
    )
    return snapshot


def refresh_key(place_id):
    return f"mapping:analysis-refresh:{place_id}"


def analysis_refresh_soon(place_id):
    """Once the transaction commits, have the analysis computed again after the quiet period;
    asks within it are one. Without Redis or the broker, beat's hourly tick does it."""
    from ..tasks import refresh_analysis

    delay = conf.analysis_refresh_seconds()

    def ask():
        try:
            if cache.add(refresh_key(place_id), 1, timeout=delay):
                refresh_analysis.apply_async((place_id,), countdown=delay)
        except BROKER_ERRORS + CACHE_ERRORS:
            return  # left to beat

    transaction.on_commit(ask)
