"""The public service directory: the list with its filters, the map, a service's page, and the
whole directory as one open-data table."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.urls import reverse
from django.views.generic import DetailView, TemplateView

from coordination.accounts.permissions import can
from coordination.exports.responses import serve_export
from coordination.links import place_detail_address_maker
from coordination.places.mixins import PlaceMixin, get_object_or_404_in_place
from coordination.places.selectors import areas_for_place
from coordination.vocabularies import selectors as vocabularies

from .. import geojson, opening_hours, selectors
from ..filters import DAY_CHOICES, DELIVERY_CHOICES, ServiceFilter
from ._common import MappingPage, map_data


class ServiceListView(MappingPage, PlaceMixin, TemplateView):
    """The public directory: every service not closed, filtered by theme, area and community."""

    template_name = "mapping/service_list.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        filterset = ServiceFilter(
            self.request.GET,
            queryset=selectors.services_in_place(self.place, include_closed=False),
            request=self.request,
        )
        services_qs = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        page = Paginator(services_qs, self.paginate_by).get_page(self.request.GET.get("page"))
        kwargs.update(
            services=page.object_list,
            page_obj=page,
            paginator=page.paginator,
            filters=filterset.form.data,
            themes=vocabularies.themes_for_place(self.place),
            areas=areas_for_place(self.place),
            communities=vocabularies.communities_for_place(self.place),
            delivery_choices=DELIVERY_CHOICES,
            day_choices=DAY_CHOICES,
            can_add=can(self.request.user, self.place, "add_services"),
            filtered=any(
                self.request.GET.get(k)
                for k in ("q", "theme", "area", "community", "delivery", "open_on")
            ),
        )
        return super().get_context_data(**kwargs)


class ServiceMapView(MappingPage, PlaceMixin, TemplateView):
    """The services on a map (Leaflet), with the same services listed beside it, paged; both
    narrowed by the theme and area chosen (GET, so the filters work without JavaScript). The map
    fetches its points from services.geojson with the same filters."""

    template_name = "mapping/service_map.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        themes = vocabularies.themes_for_place(self.place)
        areas = areas_for_place(self.place)
        theme = _chosen(self.request.GET.get("theme", ""), themes)
        area = _chosen(self.request.GET.get("area", ""), areas)
        url = place_detail_address_maker("places:mapping:service_detail", self.place)
        rows = selectors.services_for_map(
            self.place, theme=theme.slug if theme else "", area=area.slug if area else ""
        )
        page = Paginator(rows, self.paginate_by).get_page(self.request.GET.get("page"))
        listed = [{**row, "url": url(row["pk"])} for row in page.object_list]
        query = {k: v.slug for k, v in (("theme", theme), ("area", area)) if v}
        source = reverse("places:mapping:service_geojson", kwargs={"place_slug": self.place.slug})
        kwargs.update(
            services=listed,
            page_obj=page,
            paginator=page.paginator,
            mapped_count=geojson.within(rows, None).count(),
            themes=themes,
            areas=areas,
            theme=theme,
            area=area,
            map_data=map_data(
                source=f"{source}?{urlencode(query)}" if query else source,
                outlines=selectors.area_outlines(self.place),
            ),
        )
        return super().get_context_data(**kwargs)


def _chosen(slug, options):
    """The option with this slug, or None (no choice, or one that is not this place's)."""
    slug = slug.strip()[:100]
    return options.filter(slug=slug).first() if slug else None


class ServiceDetailView(PlaceMixin, DetailView):
    template_name = "mapping/service_detail.html"
    context_object_name = "service"

    def get_object(self, queryset=None):
        return get_object_or_404_in_place(
            selectors.services_in_place(self.place), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        service = self.object
        kwargs["can_edit"] = selectors.can_edit_service(self.request.user, self.place, service)
        kwargs["impacts"] = selectors.impacts_for_service(self.place, service)
        kwargs["opening_hours"] = opening_hours.by_day(service.schedules.all())
        return super().get_context_data(**kwargs)


def open_services_csv(request, place_slug):
    """The public directory as one table (open data), from the file a task builds
    (mapping/opendata.py, coordination/exports)."""
    return serve_export(request, request.place, "mapping.services.csv")
