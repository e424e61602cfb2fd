"""The funders' figures of a place, stored: computed by a Celery task after the bids, grants,
decisions and variations they count change (funding/services/snapshots.py), and read by the
figures page, the coordination page and the API in a few queries rather than computed from
every bid on every request."""

from django.db import models

from coordination.places.tenancy import PlaceScoped, place_scoped_manager


class FiguresSnapshot(PlaceScoped):
    """One row per place: its published figures and the overlaps among funders' bids, as of
    ``computed_at``. Derived data: it holds only what every reader of the pages that show it may
    see (the figures are public; the overlaps are shown to the place's coordinating funders)."""

    figures = models.JSONField(default=dict)  # the place's, each funder's, and the burden
    # The pipeline's totals, the unmet high needs and how many flags there are: what the
    # coordination page reads whole.
    overlaps = models.JSONField(default=dict)
    # The overlap flags, a list read a page at a time (a county has thousands).
    flags = models.JSONField(default=list)
    computed_at = models.DateTimeField()

    objects = place_scoped_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place"], name="funding_snapshot_one_per_place")
        ]

    def __str__(self):
        return f"{self.place_id}: figures as of {self.computed_at:%Y-%m-%d %H:%M}"
