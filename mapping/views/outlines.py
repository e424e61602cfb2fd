"""Area outlines for the maps: the place's areas with whether each has one, and, for the place's
admins, uploading a GeoJSON file to set or replace an area's outline, or removing it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from coordination.places.mixins import PlacePermissionMixin, get_object_or_404_in_place
from coordination.places.selectors import areas_for_place
from coordination.service_views import ServiceFormMixin

from .. import conf, geometry, selectors, services
from ..forms import OutlineUploadForm
from ._common import MappingPage, RemoveView, map_data

PERMISSION = "manage_areas"


def _list_url(place):
    return reverse("places:mapping:outline_list", kwargs={"place_slug": place.slug})


class OutlineListView(MappingPage, PlacePermissionMixin, TemplateView):
    """Every area of the place, whether the maps draw its outline, and a link to set it."""

    permission = PERMISSION
    template_name = "mapping/outline_list.html"

    def get_context_data(self, **kwargs):
        areas = selectors.areas_with_outlines(self.place)
        outlines = selectors.area_outlines(self.place)
        kwargs.update(
            areas=areas,
            outlined=sum(1 for a in areas if a.map_outline),
            map_data=map_data(outlines=outlines) if outlines else None,
        )
        return super().get_context_data(**kwargs)


class OutlineAreaMixin(PlacePermissionMixin):
    permission = PERMISSION

    def get_area(self):
        if not hasattr(self, "_area"):
            self._area = get_object_or_404_in_place(
                areas_for_place(self.place), slug=self.kwargs["slug"]
            )
        return self._area


class OutlineUploadView(MappingPage, OutlineAreaMixin, ServiceFormMixin, FormView):
    """Upload a GeoJSON file as an area's outline (or to replace it); the current one is shown."""

    template_name = "mapping/outline_form.html"
    form_class = OutlineUploadForm

    def get_context_data(self, **kwargs):
        area = self.get_area()
        outline = selectors.get_area_outline(self.place, area)
        kwargs.update(
            area=area,
            outline=outline,
            points=geometry.points_in(outline.geojson) if outline else 0,
            max_points=f"{conf.outline_max_points():,}",
            max_bytes=conf.outline_max_bytes(),
            map_data=map_data(
                outlines=[{"name": area.name, "slug": area.slug, "geojson": outline.geojson}]
            )
            if outline
            else None,
        )
        return super().get_context_data(**kwargs)

    def perform(self, form):
        area = self.get_area()
        services.outline_upload(
            place=self.place, actor=self.request.user, area=area, upload=form.cleaned_data["file"]
        )
        messages.success(self.request, _("The outline of %(area)s is on the map.") % {"area": area})
        return redirect(_list_url(self.place))


class OutlineRemoveView(OutlineAreaMixin, RemoveView):
    """Ask, then take the outline off the maps; an area with no outline has nothing here (404)."""

    def get_row(self):
        area = self.get_area()
        if selectors.get_area_outline(self.place, area) is None:
            raise Http404
        return area

    def describe(self, area):
        return {
            "name": area.name,
            "caption": _("Area outlines"),
            "heading": _("Remove this area’s outline?"),
            "explanation": _("The maps stop drawing it. The area itself stays."),
            "back_url": reverse(
                "places:mapping:outline_upload",
                kwargs={"place_slug": self.place.slug, "slug": area.slug},
            ),
            "button": _("Remove the outline"),
        }

    def post(self, request, *args, **kwargs):
        area = self.get_row()
        services.outline_remove(place=self.place, actor=request.user, area=area)
        messages.success(request, _("The outline of %(area)s is removed.") % {"area": area.name})
        return redirect(_list_url(self.place))
