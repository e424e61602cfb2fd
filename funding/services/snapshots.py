"""Keeping each place's stored figures (FiguresSnapshot) fresh.

Computing a county's figures reads every decided bid and compares every checked pair of bids: a
few seconds. So the figures page, the coordination page and the API read a stored snapshot, and a
Celery task computes it again a short while after the bids, feedback, grant variations, programmes
or duplicate-check consents it counts change (``figures_changed``: on commit, at most one task
waiting per place however many changes come), with a beat task as the safety net
(``refresh_due_snapshots``). A place with no snapshot yet has it computed in the first request
that reads it (a small place's figures are cheap)."""

from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from coordination.caching.signals import changed as public_pages_changed
from coordination.places.selectors import places_to_work_through

from ..models import FiguresSnapshot
from ..selectors import (
    coordination_flags,
    organisation_rows,
    pipeline_by_area,
    pipeline_by_organisation,
    pipeline_by_theme,
    pipeline_total,
    place_and_funder_burden,
    place_and_funder_figures,
    unmet_high_needs_query,
)
from ..selectors.snapshots import (
    figures_json,
    figures_snapshot,
    flags_json,
    overlaps_json,
    snapshot_is_current,
)
from ..serializers.figures import FlagSerializer

# A change waits this long before its refresh runs, so a burst of changes (a panel deciding many
# bids) is counted by one computation.
REFRESH_DELAY_SECONDS = 20
# The safety net computes again a snapshot older than this even if no change was signalled (an
# organisation's places or areas, which the "local embedded" share reads, change outside funding).
MAX_AGE = timedelta(hours=6)


def _due_key(place_id):
    return f"funding:figures-refresh-due:{place_id}"


def figures_snapshot_refresh(place, today=None):
    """Compute the place's figures and overlap flags and store them (one row per place, written
    in one statement, so two refreshes at once leave the later one)."""
    cache.delete(_due_key(place.pk))
    figures, funder_figures = place_and_funder_figures(place, today)
    burden, burden_of = place_and_funder_burden(place)
    flags = coordination_flags(place, today)["flags"]
    pipeline = {
        "total": pipeline_total(place),
        "by_theme": pipeline_by_theme(place),
        "by_area": pipeline_by_area(place),
        "by_organisation": organisation_rows(pipeline_by_organisation(place)),
    }
    unmet = unmet_high_needs_query(place, today).values_list("pk", flat=True)
    snapshot = FiguresSnapshot(
        place=place,
        figures=figures_json(figures, funder_figures, burden, burden_of),
        overlaps=overlaps_json(len(flags), pipeline, unmet),
        flags=flags_json(flags, FlagSerializer(flags, many=True).data),
        computed_at=timezone.now(),
    )
    FiguresSnapshot.objects.for_place(place).bulk_create(
        [snapshot],
        update_conflicts=True,
        unique_fields=["place"],
        update_fields=["figures", "overlaps", "flags", "computed_at"],
    )
    # An upsert sends no save signal: the place's public pages show the new figures next.
    public_pages_changed([place.pk])
    return snapshot


def figures_snapshot_of(place, part="figures"):
    """The place's stored ``figures`` or ``overlaps`` for a page or the API: computed now if
    there are none yet; a refresh is queued when they were computed on an earlier day (they
    show as of then)."""
    snapshot = figures_snapshot(place, part)
    if snapshot is None:
        return figures_snapshot_refresh(place)
    if not snapshot_is_current(snapshot, place):
        _queue_refresh(place.pk)
    return snapshot


def figures_changed(place_id):
    """Something the figures count changed in the place: once the transaction commits, queue a
    refresh (unless one is already waiting)."""
    transaction.on_commit(lambda: _queue_refresh(place_id))


def _queue_refresh(place_id):
    from ..tasks import refresh_figures

    if cache.add(_due_key(place_id), 1, timeout=REFRESH_DELAY_SECONDS + 300):
        refresh_figures.apply_async((place_id,), countdown=REFRESH_DELAY_SECONDS)


def refresh_due_snapshots(now=None):
    """The safety net: queue a refresh for every place whose snapshot is missing a day's change
    (computed on an earlier day, or longer ago than MAX_AGE). Places with none yet are left to
    their first reader. Returns how many were queued."""
    now = now or timezone.now()
    queued = 0
    for place in places_to_work_through(None):
        snapshot = FiguresSnapshot.objects.for_place(place).only("computed_at").first()
        if snapshot is None:
            continue
        if now - snapshot.computed_at > MAX_AGE or not snapshot_is_current(snapshot, place):
            _queue_refresh(place.pk)
            queued += 1
    return queued
