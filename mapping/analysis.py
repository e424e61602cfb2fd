"""Gap and overlap analysis: need against provision per area and theme, with the rules in words.

The pages show the RULE_* texts beside the findings ("why flagged"), and the functions below apply
exactly those rules, so what a coordinator reads is what the code did. Every function runs a fixed
number of queries, however many services the place has.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db.models import Count, Max, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from coordination.organisations.models import Community
from coordination.places.models import Area
from coordination.vocabularies.models import Theme

from .models import Need, Service, ServiceStatus, Severity

GAP_NEED_LEVEL = Severity.HIGH
GAP_MAX_SERVICES = 1
OVERLAP_MIN_SERVICES = 3

RULE_PROVISION = _(
    "A service counts for an area and a theme when it is active, lists the theme and serves the "
    "area or the whole place. Paused and closed services do not count."
)
RULE_NEED = _(
    "The need in an area and a theme is the highest severity of the evidence submitted for it. "
    "Evidence with an indicator but no rating counts as medium."
)
RULE_GAP = _(
    "An area and theme is flagged as a gap when the need there is high and at most one active "
    "service covers it."
)
RULE_OVERLAP = _(
    "Services are flagged as a possible overlap when three or more active services that are open "
    "to all share a theme, an area and a community they serve (everyone, when they name none)."
)
RULE_SPECIALIST = _(
    "A specialist service, designed for a particular community, is never counted in an overlap. "
    "It is shown beside the services it shares a theme and area with, as complementary: "
    "specialist organisations, often serving marginalised communities, are not duplicates of "
    "general ones."
)
RULE_NOT_MERGERS = _(
    "An overlap is a prompt for the organisations to talk about how they work together. It is "
    "not evidence that any of them should merge or lose funding."
)


@dataclass
class Cell:
    area: Area
    theme: Theme
    need_level: int | None = None  # a Severity value, or None when no evidence was submitted
    need_count: int = 0
    services: int = 0
    capacity: int = 0

    @property
    def need_label(self):
        return Severity(self.need_level).label if self.need_level else ""

    @property
    def is_gap(self):
        return (
            self.need_level is not None
            and self.need_level >= GAP_NEED_LEVEL
            and self.services <= GAP_MAX_SERVICES
        )


@dataclass
class Coverage:
    areas: list
    themes: list
    rows: list  # [(area, [Cell per theme])]

    def cells(self):
        for _area, cells in self.rows:
            yield from cells

    @property
    def gaps(self):
        found = [cell for cell in self.cells() if cell.is_gap]
        return sorted(found, key=lambda c: (c.services, -c.need_count, c.area.name, c.theme.name))


@dataclass
class ServiceRef:
    pk: int
    name: str
    organisation: str
    communities: list = field(default_factory=list)


@dataclass
class Overlap:
    theme: Theme
    area: Area
    community: Community | None  # None: services that name no community, open to everyone
    services: list  # ServiceRef, open to all
    complementary: list  # ServiceRef, specialist services sharing the theme and area

    @property
    def organisation_count(self):
        return len({s.organisation for s in self.services})


def coverage_matrix(place):
    """Need against provision for every area and theme of the place (six queries)."""
    areas = list(Area.objects.for_place(place).order_by("name"))
    themes = list(Theme.objects.for_place(place).order_by("name"))
    active = Service.objects.for_place(place).filter(status=ServiceStatus.ACTIVE)
    local = (
        active.filter(whole_place=False)
        .values("areas", "themes")
        .annotate(n=Count("pk", distinct=True), capacity=Sum("weekly_capacity"))
        .order_by()
    )
    per_cell = {(row["areas"], row["themes"]): row for row in local}
    everywhere = {
        row["themes"]: row
        for row in active.filter(whole_place=True)
        .values("themes")
        .annotate(n=Count("pk", distinct=True), capacity=Sum("weekly_capacity"))
        .order_by()
    }
    needs = {
        (row["area"], row["theme"]): row
        for row in Need.objects.for_place(place)
        .values("area", "theme")
        .annotate(level=Max(Coalesce("severity", Severity.MEDIUM)), n=Count("pk"))
        .order_by()
    }
    rows = []
    for area in areas:
        cells = []
        for theme in themes:
            here = per_cell.get((area.pk, theme.pk), {})
            wide = everywhere.get(theme.pk, {})
            need = needs.get((area.pk, theme.pk), {})
            cells.append(
                Cell(
                    area=area,
                    theme=theme,
                    need_level=need.get("level"),
                    need_count=need.get("n", 0),
                    services=here.get("n", 0) + wide.get("n", 0),
                    capacity=(here.get("capacity") or 0) + (wide.get("capacity") or 0),
                )
            )
        rows.append((area, cells))
    return Coverage(areas=areas, themes=themes, rows=rows)


def gaps(place):
    return coverage_matrix(place).gaps


def _active_services_with_links(place):
    """Active services and their themes, areas and communities as id sets (five queries)."""
    active = Service.objects.for_place(place).filter(status=ServiceStatus.ACTIVE)
    services = {
        row["pk"]: row
        for row in active.values(
            "pk", "name", "organisation__name", "whole_place", "is_specialist"
        ).order_by("name", "pk")
    }
    links = {}
    for name, relation in (
        ("themes", Service.themes.through),
        ("areas", Service.areas.through),
        ("communities", Service.communities.through),
    ):
        found = defaultdict(set)
        column = relation._meta.get_field(
            {"themes": "theme", "areas": "area", "communities": "community"}[name]
        ).attname
        for service_id, value in relation.objects.filter(service__in=active).values_list(
            "service_id", column
        ):
            found[service_id].add(value)
        links[name] = found
    return services, links


def overlaps(place):
    """Groups of open-to-all services sharing theme, area and community, with specialists beside."""
    services, links = _active_services_with_links(place)
    areas = {a.pk: a for a in Area.objects.for_place(place)}
    themes = {t.pk: t for t in Theme.objects.for_place(place)}
    community_ids = set().union(*links["communities"].values()) if links["communities"] else set()
    communities = {c.pk: c for c in Community.objects.filter(pk__in=community_ids)}

    refs = {}  # one ServiceRef per service, however many overlaps list it

    def ref(pk):
        found = refs.get(pk)
        if found is None:
            row = services[pk]
            found = refs[pk] = ServiceRef(
                pk=pk,
                name=row["name"],
                organisation=row["organisation__name"],
                communities=sorted(
                    communities[c].name
                    for c in links["communities"].get(pk, ())
                    if c in communities
                ),
            )
        return found

    open_groups = defaultdict(list)  # (theme, area, community or None) -> open service ids
    specialists = defaultdict(list)  # (theme, area) -> specialist service ids
    for pk, row in services.items():
        served_areas = areas.keys() if row["whole_place"] else links["areas"].get(pk, ())
        for theme_id in links["themes"].get(pk, ()):
            for area_id in served_areas:
                if area_id not in areas or theme_id not in themes:
                    continue
                if row["is_specialist"]:
                    specialists[(theme_id, area_id)].append(pk)
                    continue
                for community_id in links["communities"].get(pk) or {None}:
                    open_groups[(theme_id, area_id, community_id)].append(pk)
    found = []
    for (theme_id, area_id, community_id), ids in open_groups.items():
        if len(ids) < OVERLAP_MIN_SERVICES:
            continue
        found.append(
            Overlap(
                theme=themes[theme_id],
                area=areas[area_id],
                community=communities.get(community_id),
                services=[ref(pk) for pk in ids],
                complementary=[ref(pk) for pk in specialists.get((theme_id, area_id), [])],
            )
        )
    found.sort(
        key=lambda o: (
            -len(o.services),
            o.theme.name,
            o.area.name,
            o.community.name if o.community else "",
        )
    )
    return found


def rules():
    """The rules as the pages show them, in order."""
    return {
        "provision": RULE_PROVISION,
        "need": RULE_NEED,
        "gap": RULE_GAP,
        "overlap": RULE_OVERLAP,
        "specialist": RULE_SPECIALIST,
        "not_mergers": RULE_NOT_MERGERS,
    }


def gaps_by_theme(coverage):
    """Per theme: areas with high need, and how many of them are gaps (for the chart and its table)."""
    rows = []
    for index, theme in enumerate(coverage.themes):
        cells = [cells[index] for _area, cells in coverage.rows]
        high = sum(1 for c in cells if c.need_level and c.need_level >= GAP_NEED_LEVEL)
        if high:
            rows.append(
                {"theme": theme.name, "high_need": high, "gaps": sum(c.is_gap for c in cells)}
            )
    return rows


def overlaps_by_theme(found):
    """Per theme: open services in overlaps, and specialist services beside them (complementary)."""
    totals = {}
    for overlap in found:
        row = totals.setdefault(
            overlap.theme.name, {"theme": overlap.theme.name, "open": set(), "specialist": set()}
        )
        row["open"].update(s.pk for s in overlap.services)
        row["specialist"].update(s.pk for s in overlap.complementary)
    return [
        {"theme": r["theme"], "open": len(r["open"]), "specialist": len(r["specialist"])}
        for r in sorted(totals.values(), key=lambda r: r["theme"])
    ]


def coverage_answer(coverage, found):
    """The coverage API's answer (without its rules) for a coverage matrix and its overlaps."""

    def ref(s):
        return {"id": s.pk, "name": s.name, "organisation": s.organisation}

    return {
        "themes": [{"slug": t.slug, "name": t.name} for t in coverage.themes],
        "areas": [{"slug": a.slug, "name": a.name} for a in coverage.areas],
        "cells": [
            {
                "area": c.area.slug,
                "theme": c.theme.slug,
                "need_level": c.need_level,
                "need_count": c.need_count,
                "services": c.services,
                "weekly_capacity": c.capacity,
                "is_gap": c.is_gap,
            }
            for c in coverage.cells()
        ],
        "gaps": [{"area": c.area.slug, "theme": c.theme.slug} for c in coverage.gaps],
        "overlaps": [
            {
                "theme": o.theme.slug,
                "area": o.area.slug,
                "community": o.community.slug if o.community else None,
                "services": [ref(s) for s in o.services],
                "complementary": [
                    {**ref(s), "communities": s.communities} for s in o.complementary
                ],
            }
            for o in found
        ],
    }


def coverage_from_matrix(matrix):
    """A Coverage rebuilt from a stored matrix (``{"themes", "areas", "cells"}`` as
    coverage_answer gives them): areas and themes as names and slugs (their ``pk`` is the slug),
    each cell with its figures, in the order they were stored."""
    themes = [
        SimpleNamespace(pk=t["slug"], slug=t["slug"], name=t["name"]) for t in matrix["themes"]
    ]
    areas = [SimpleNamespace(pk=a["slug"], slug=a["slug"], name=a["name"]) for a in matrix["areas"]]
    by_slug = {a.slug: a for a in areas}, {t.slug: t for t in themes}
    cells = {}
    for c in matrix["cells"]:
        cells.setdefault(c["area"], []).append(
            Cell(
                area=by_slug[0][c["area"]],
                theme=by_slug[1][c["theme"]],
                need_level=c["need_level"],
                need_count=c["need_count"],
                services=c["services"],
                capacity=c["weekly_capacity"],
            )
        )
    return Coverage(areas=areas, themes=themes, rows=[(a, cells.get(a.slug, [])) for a in areas])
