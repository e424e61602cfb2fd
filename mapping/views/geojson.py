"""The maps' points as GeoJSON (public, as the lists they come from): assets.geojson and
services.geojson under /<place>/mapping/, filtered as their pages are (mapping/geojson.py says
what each Feature holds and how the answer is bounded). Refused filters get a 400 naming the
field."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.generic import View

from coordination.links import place_detail_address_maker
from coordination.places.mixins import PlaceMixin
from coordination.places.models import Area
from coordination.places.selectors import areas_for_place
from coordination.vocabularies import selectors as vocabularies

from .. import geojson, selectors
from ..models import Asset, AssetKind, Service


class _GeoJSONView(PlaceMixin, View):
    def get(self, request, *args, **kwargs):
        try:
            bbox = geojson.parse_bbox(request.GET.get("bbox", ""))
            found = self.collection(bbox)
        except geojson.FilterError as refused:
            return JsonResponse({"errors": refused.errors}, status=400)
        return JsonResponse(found, content_type="application/geo+json")


class AssetGeoJSONView(_GeoJSONView):
    """The community assets with a place on the map; ``area`` (slug, with the areas inside it) and
    ``kind`` as on the asset list, and ``bbox``."""

    model = Asset  # what the route lists (for the isolation walk)

    def collection(self, bbox):
        kind = self.request.GET.get("kind", "")
        if kind and kind not in AssetKind.values:
            raise geojson.FilterError({"kind": [_("Choose a kind of asset from the list.")]})
        try:
            assets, _area = selectors.filtered_assets(
                self.place, area_slug=self.request.GET.get("area", "").strip(), kind=kind
            )
        except Area.DoesNotExist:
            raise geojson.FilterError({"area": [_("Choose an area of this place.")]}) from None
        rows = geojson.within(assets, bbox).values(*geojson.ASSET_COLUMNS)
        return geojson.collection(rows, geojson.asset_feature_maker())


class ServiceGeoJSONView(_GeoJSONView):
    """The services on the map of services (not closed, with a location); ``theme`` and ``area``
    (slugs) as on that page, and ``bbox``."""

    model = Service

    def collection(self, bbox):
        theme = self.request.GET.get("theme", "").strip()[:100]
        area = self.request.GET.get("area", "").strip()[:100]
        if theme and not vocabularies.themes_for_place(self.place).filter(slug=theme).exists():
            raise geojson.FilterError({"theme": [_("Choose a theme from the list.")]})
        if area and not areas_for_place(self.place).filter(slug=area).exists():
            raise geojson.FilterError({"area": [_("Choose an area of this place.")]})
        rows = selectors.services_for_map(self.place, theme=theme, area=area)
        rows = geojson.within(rows, bbox).values(*geojson.SERVICE_COLUMNS)
        address = place_detail_address_maker("places:mapping:service_detail", self.place)
        return geojson.collection(rows, geojson.service_feature_maker(address))
