"""Reads of a place's map, already limited to the place and prefetched for the pages and the API."""

from django.db.models import Prefetch, Q

from coordination.accounts.models import Membership, Role
from coordination.accounts.permissions import can
from coordination.organisations.models import Organisation
from coordination.organisations.selectors import organisations_in_place
from coordination.places.models import Area

from . import geometry
from .models import (
    AnalysisSnapshot,
    AreaOutline,
    Asset,
    AssetKind,
    Need,
    OverlapFinding,
    Service,
    ServiceImpact,
    ServiceSchedule,
    ServiceStatus,
    Severity,
)

# Roles through which a person acts for their organisation's own services, needs and rows.
ORGANISATION_ROLES = (Role.CHARITY_LEADER, Role.COUNCIL_OFFICER, Role.PARTNER)


# Services


def services_in_place(place, *, include_closed=True):
    qs = (
        Service.objects.for_place(place)
        .select_related("organisation")
        .prefetch_related(
            "themes",
            "communities",
            Prefetch("areas", queryset=Area.objects.for_place(place).order_by("name")),
            Prefetch("schedules", queryset=ServiceSchedule.objects.for_place(place)),
        )
    )
    if not include_closed:
        qs = qs.exclude(status=ServiceStatus.CLOSED)
    return qs.order_by("name", "pk")


def service_link_names(place, services, relation):
    """{service id: [names]} of the services' themes, areas (the place's own) or communities, by
    name as prefetching gives them, in one query: exports list thousands of services."""
    column = {"themes": "theme", "areas": "area", "communities": "community"}[relation]
    links = getattr(Service, relation).through.objects.filter(service__in=services.values("pk"))
    if relation == "areas":
        links = links.filter(area__place=place)
    found = {}
    for service_id, name in links.order_by(f"{column}__name", f"{column}_id").values_list(
        "service_id", f"{column}__name"
    ):
        found.setdefault(service_id, []).append(name)
    return found


SERVICE_LINKS = ("themes", "areas", "communities")


def service_links(place, services):
    """{relation: {service id: [names]}} for each of SERVICE_LINKS (service_link_names): three
    queries, however many services."""
    return {relation: service_link_names(place, services, relation) for relation in SERVICE_LINKS}


def schedules_by_service(place, service_ids):
    """{service id: [its openings, by day and time]} for these services, in one query."""
    found = {}
    for row in ServiceSchedule.objects.for_place(place).filter(service_id__in=service_ids):
        found.setdefault(row.service_id, []).append(row)
    return found


def get_service(place, pk):
    return services_in_place(place).filter(pk=pk).first()


def get_service_by_uuid(place, value):
    return services_in_place(place).filter(uuid=value).first()


def impacts_for_service(place, service):
    return (
        ServiceImpact.objects.for_place(place).filter(service=service).order_by("-year", "-quarter")
    )


def organisations_acted_for(user, place):
    """The organisations a person represents in this place (as a charity leader, officer, partner)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    ids = (
        Membership.objects.for_place(place)
        .filter(user=user, role__in=ORGANISATION_ROLES, organisation__isnull=False)
        .values("organisation_id")
    )
    return organisations_in_place(place).filter(pk__in=ids)


def service_organisation_choices(user, place):
    """Organisations whose services this person may add: any here for coordinators, else their own."""
    if can(user, place, "manage_all_services"):
        return organisations_in_place(place)
    if can(user, place, "add_services"):
        return organisations_acted_for(user, place)
    return Organisation.objects.none()


def can_edit_service(user, place, service):
    if can(user, place, "manage_all_services"):
        return True
    return (
        can(user, place, "add_services")
        and organisations_acted_for(user, place).filter(pk=service.organisation_id).exists()
    )


def editable_services(user, place):
    qs = services_in_place(place)
    if can(user, place, "manage_all_services"):
        return qs
    return qs.filter(organisation__in=organisations_acted_for(user, place))


def services_due_verification(place, verified_before):
    """Active or paused services last verified on or before the date (or never)."""
    return (
        Service.objects.for_place(place)
        .exclude(status=ServiceStatus.CLOSED)
        .filter(Q(last_verified__lte=verified_before) | Q(last_verified__isnull=True))
        .select_related("organisation")
        .order_by("pk")
    )


# Needs


def needs_in_place(place):
    return (
        Need.objects.for_place(place)
        .select_related("area", "theme", "organisation", "submitted_by")
        .prefetch_related("communities")
        .order_by("-created_at", "-pk")
    )


def high_needs_in_place(place):
    """The needs marked high severity here (funders' coordination asks which no award touches)."""
    return needs_in_place(place).filter(severity=Severity.HIGH)


def get_need(place, pk):
    return needs_in_place(place).filter(pk=pk).first()


def need_editor(user, place):
    """Which needs this person may change or withdraw, as a test to apply to each (reads once):
    coordinators any; whoever submitted it, or someone acting for the organisation that did."""
    if can(user, place, "manage_all_services"):
        return lambda need: True
    if not can(user, place, "submit_needs"):
        return lambda need: False
    own = set(organisations_acted_for(user, place).values_list("pk", flat=True))
    return lambda need: need.submitted_by_id == user.pk or need.organisation_id in own


def can_edit_need(user, place, need):
    return need_editor(user, place)(need)


# Assets


def assets_in_place(place):
    return Asset.objects.for_place(place).select_related("area").order_by("name", "pk")


def filtered_assets(place, *, area_slug="", kind=""):
    """(assets, area) as the asset list and map filter them: an area's assets include those of the
    areas inside it; a kind that is not one of AssetKind is ignored. An area slug that is not one
    of this place's raises Area.DoesNotExist."""
    assets = assets_in_place(place)
    area = None
    if area_slug:
        area = Area.objects.for_place(place).filter(slug=area_slug[:100]).first()
        if area is None:
            raise Area.DoesNotExist
        assets = assets.filter(area__in=[area.pk, *area.children.values_list("pk", flat=True)])
    if kind in AssetKind.values:
        assets = assets.filter(kind=kind)
    return assets, area


def resident_work_on_assets(place, assets):
    """What residents are doing with each asset, in two queries whatever the number of assets:
    ``asset.resident_ideas`` (ideas building on it, on public groups, neither hidden nor
    withdrawn) and ``asset.funded_projects`` (awarded grants that grew from those ideas).

    Ideas and grants belong to boards and funding; they are reached through the relations those
    apps declare on Asset (``proposals``, and an idea's ``fund_applications``), so mapping imports
    neither app."""
    assets = list(assets)
    for asset in assets:
        asset.resident_ideas, asset.funded_projects = [], []
    if not assets:
        return assets
    by_pk = {a.pk: a for a in assets}
    links = Asset._meta.get_field("proposals").through
    ideas = (
        links.objects.filter(
            asset_id__in=by_pk,
            proposal__place=place,
            proposal__hidden_at__isnull=True,
            proposal__board__is_public=True,
            proposal__board__is_active=True,
        )
        .exclude(proposal__status="withdrawn")
        .select_related("proposal")
        .order_by("proposal__title", "proposal_id")
    )
    proposal_assets = {}
    for link in ideas:
        by_pk[link.asset_id].resident_ideas.append(link.proposal)
        proposal_assets.setdefault(link.proposal_id, []).append(link.asset_id)
    if proposal_assets:
        proposal_model = links._meta.get_field("proposal").related_model
        applications = proposal_model._meta.get_field("fund_applications").related_model
        funded = (
            applications.objects.for_place(place)
            .filter(proposal_id__in=proposal_assets, bid__amount_awarded__isnull=False)
            .select_related("bid")
            .order_by("bid__title", "pk")
        )
        for application in funded:
            for asset_id in proposal_assets[application.proposal_id]:
                by_pk[asset_id].funded_projects.append(application.bid)
    return assets


def get_asset(place, pk):
    return assets_in_place(place).filter(pk=pk).first()


def asset_editor(user, place):
    """Which assets this person may change or remove: coordinators any, members those they added."""
    if can(user, place, "manage_all_assets"):
        return lambda asset: True
    if not can(user, place, "add_assets"):
        return lambda asset: False
    return lambda asset: asset.created_by_id == user.pk


def can_edit_asset(user, place, asset):
    return asset_editor(user, place)(asset)


def can_see_asset_contact(user, place, asset):
    """Contacts are public only with consent; coordinators and whoever added it always see them."""
    return asset.contact_consent or can_edit_asset(user, place, asset)


# Maps


def area_outlines(place, *, gap_area_slugs=()):
    """What the maps draw of the place's areas: each outline's area name and slug, its GeoJSON
    geometry, and whether the gap map shades it."""
    gap_area_slugs = set(gap_area_slugs)
    return [
        {
            "name": o.area.name,
            "slug": o.area.slug,
            "geojson": o.geojson,
            "gap": o.area.slug in gap_area_slugs,
        }
        for o in AreaOutline.objects.for_place(place).select_related("area").order_by("area__name")
    ]


def area_outline_collection(place):
    """The place's outlines as a GeoJSON FeatureCollection, a Feature per area (id: its slug)."""
    outlines = AreaOutline.objects.for_place(place).select_related("area")
    features = []
    for o in outlines.order_by("area__name", "pk"):
        try:  # an outline saved before the rule (a Feature) is given as its geometry
            found = geometry.outline_geometry(o.geojson)
        except geometry.Refused:
            continue  # nothing drawable to give
        features.append(
            {
                "type": "Feature",
                "id": o.area.slug,
                "properties": {
                    "area": o.area.slug,
                    "name": o.area.name,
                    "updated_at": o.updated_at,
                },
                "geometry": found,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def areas_with_outlines(place):
    """The place's areas, each with ``area.map_outline`` (its AreaOutline, or None): two queries."""
    outlines = {o.area_id: o for o in AreaOutline.objects.for_place(place)}
    areas = list(Area.objects.for_place(place).select_related("parent").order_by("kind", "name"))
    for area in areas:
        area.map_outline = outlines.get(area.pk)
    return areas


def get_area_outline(place, area):
    return AreaOutline.objects.for_place(place).filter(area=area).first()


def services_for_map(place, *, theme="", area=""):
    """The services on the map page and its list (not closed): only the columns shown. With a
    theme slug, those with that theme; with an area slug, those serving that area of this place
    (services for the whole place serve every area)."""
    qs = Service.objects.for_place(place).exclude(status=ServiceStatus.CLOSED)
    if theme:
        qs = qs.filter(
            pk__in=Service.themes.through.objects.filter(theme__slug=theme).values("service_id")
        )
    if area:
        serving = Service.areas.through.objects.filter(area__slug=area, area__place=place)
        qs = qs.filter(Q(whole_place=True) | Q(pk__in=serving.values("service_id")))
    return qs.order_by("name", "pk").values(
        "pk", "name", "organisation__name", "postcode", "latitude", "longitude"
    )


# The stored analysis


def analysis_snapshot(place):
    """The place's stored gap and overlap analysis (without the coverage API's answer), computed
    now if the place has none yet."""
    from . import services

    found = AnalysisSnapshot.objects.for_place(place).defer("coverage", "matrix").first()
    return found or services.analysis_compute(place=place)


def coverage_answer(place):
    """(the coverage API's answer as UTF-8 JSON bytes without its rules, when it was computed)."""
    from . import services

    found = AnalysisSnapshot.objects.for_place(place).values_list("coverage", "computed_at").first()
    if found is None:
        snapshot = services.analysis_compute(place=place)
        found = snapshot.coverage, snapshot.computed_at
    return bytes(found[0]), found[1]


def stored_coverage(place):
    """(the stored coverage matrix as analysis.Coverage, when it was worked out): the gap page's."""
    from . import analysis, services

    found = AnalysisSnapshot.objects.for_place(place).only("matrix", "computed_at").first()
    found = found or services.analysis_compute(place=place)
    return analysis.coverage_from_matrix(found.matrix), found.computed_at


def overlap_findings(place, snapshot):
    return OverlapFinding.objects.for_place(place).filter(snapshot=snapshot).order_by("position")
