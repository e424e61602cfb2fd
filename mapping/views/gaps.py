"""The analysis pages: where high need meets too little service (gaps), and where open-to-all
services crowd the same theme, area and community (overlaps)."""

from types import SimpleNamespace

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from coordination.places.mixins import PlacePermissionMixin

from .. import analysis, selectors
from ._common import MappingPage, map_data


class GapsView(MappingPage, PlacePermissionMixin, TemplateView):
    permission = "view_mapping_analysis"
    template_name = "mapping/gaps.html"

    def get_context_data(self, **kwargs):
        coverage, computed_at = selectors.stored_coverage(self.place)
        by_theme = analysis.gaps_by_theme(coverage)
        # A theme chosen (GET) narrows the gap table and the areas the map shades to its gaps.
        slug = self.request.GET.get("theme", "").strip()
        theme = next((t for t in coverage.themes if t.slug == slug), None) if slug else None
        gaps = [c for c in coverage.gaps if theme is None or c.theme.pk == theme.pk]
        outlines = selectors.area_outlines(self.place, gap_area_slugs=[c.area.slug for c in gaps])
        kwargs.update(
            coverage=coverage,
            computed_at=computed_at,
            gaps=gaps,
            theme=theme,
            rules=analysis.rules(),
            by_theme=by_theme,
            chart={
                "labels": [r["theme"] for r in by_theme],
                "datasets": [
                    {
                        "label": _("Areas with high need"),
                        "data": [r["high_need"] for r in by_theme],
                    },
                    # Gaps in the warning colour, as on the map.
                    {
                        "label": _("Gaps"),
                        "data": [r["gaps"] for r in by_theme],
                        "colour": "#d4351c",
                    },
                ],
            },
            map_data=map_data(outlines=outlines) if outlines else None,
        )
        return super().get_context_data(**kwargs)


class OverlapsView(MappingPage, PlacePermissionMixin, TemplateView):
    """The overlaps found by the stored analysis (mapping/snapshots.py), a page at a time, with
    when it was computed."""

    permission = "view_mapping_analysis"
    template_name = "mapping/overlaps.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        snapshot = selectors.analysis_snapshot(self.place)
        findings = selectors.overlap_findings(self.place, snapshot)
        page = Paginator(findings, self.paginate_by).get_page(self.request.GET.get("page"))
        by_theme = snapshot.overlaps_by_theme
        kwargs.update(
            overlaps=[_overlap(f) for f in page.object_list],
            page_obj=page,
            paginator=page.paginator,
            computed_at=snapshot.computed_at,
            rules=analysis.rules(),
            by_theme=by_theme,
            chart={
                "labels": [r["theme"] for r in by_theme],
                "datasets": [
                    {"label": _("Open to all, in overlaps"), "data": [r["open"] for r in by_theme]},
                    {
                        "label": _("Specialist, complementary"),
                        "data": [r["specialist"] for r in by_theme],
                    },
                ],
            },
        )
        return super().get_context_data(**kwargs)


def _overlap(finding):
    """A stored finding as the page's tables read it (names, and ServiceRefs of its services)."""

    def refs(rows):
        return [
            analysis.ServiceRef(
                pk=r["id"],
                name=r["name"],
                organisation=r["organisation"],
                communities=r.get("communities", []),
            )
            for r in rows
        ]

    return SimpleNamespace(
        theme=finding.theme,
        area=finding.area,
        community=finding.community,
        services=refs(finding.services),
        complementary=refs(finding.complementary),
    )
