"""The gap and overlap analysis as stored findings, one snapshot per place.

At a county's scale the analysis reads every active service with its themes, areas and
communities and finds thousands of overlaps: too much to work out on each visit. A task computes
it (mapping/analysis.py, the same rules) into an AnalysisSnapshot and its OverlapFinding rows; the
overlaps page reads one page of findings, the coverage API the stored answer. What is stored is
what every reader of the analysis sees alike (those who may ``view_mapping_analysis`` in the
place): no finding depends on who asks.

Imported by mapping.models, so the models are ``mapping.models.AnalysisSnapshot`` and
``mapping.models.OverlapFinding``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from coordination.places.tenancy import PlaceScoped, place_scoped_manager


class AnalysisSnapshot(PlaceScoped):
    """The place's latest analysis: when it was computed, the coverage API's answer (without its
    rules, which are read in the reader's language), the matrix alone for the gap page, and the
    overlap chart's figures."""

    computed_at = models.DateTimeField(_("computed at"))
    # Bytes as the API sends them (UTF-8 JSON), written only by the analysis, never typed.
    coverage = models.BinaryField(help_text=_("The coverage API's answer as JSON, without rules."))
    matrix = models.JSONField(
        default=dict, help_text=_("The coverage matrix the gap page shows: themes, areas, cells.")
    )
    overlaps_by_theme = models.JSONField(default=list)
    overlap_count = models.PositiveIntegerField(default=0)

    objects = place_scoped_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place"], name="analysis_snapshot_one_per_place")
        ]

    def __str__(self):
        return f"{self.place_id} at {self.computed_at:%Y-%m-%d %H:%M}"


class OverlapFinding(PlaceScoped):
    """One overlap of a snapshot, in the order the page lists them: the theme, area and community
    by name, the open-to-all services in it and the specialist services beside it, each as
    {"id", "name", "organisation", "communities"}."""

    snapshot = models.ForeignKey(AnalysisSnapshot, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField()
    theme = models.CharField(max_length=200)
    area = models.CharField(max_length=200)
    community = models.CharField(max_length=200, blank=True)
    services = models.JSONField(default=list)
    complementary = models.JSONField(default=list)

    objects = place_scoped_manager()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "position"], name="overlap_finding_unique_position"
            )
        ]

    def __str__(self):
        return f"{self.theme} in {self.area}"
