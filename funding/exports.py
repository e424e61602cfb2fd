"""Open data: a place's awarded grants as a 360Giving JSON package and CSV, for anyone.

A 360Giving package must hold at least one grant, so where nothing has been awarded yet the JSON
is a 204 No Content (with a note saying why) rather than an invalid package; the CSV is its header
row alone.
"""

from django.http import Http404, HttpResponse, JsonResponse
from django.views import View

from coordination.places.mixins import PlaceMixin

from . import giving360, selectors


class GrantsExportMixin(PlaceMixin, View):
    http_method_names = ["get"]

    def package(self):
        funder = None
        funder_id = self.request.GET.get("funder", "")
        if funder_id:
            if not funder_id.isdigit():
                raise Http404
            funder = selectors.funders_in_place(self.place).filter(pk=int(funder_id)).first()
            if funder is None:
                raise Http404
        bids, areas_of = selectors.grants_for_360giving(self.place, funder=funder)
        return giving360.package(self.place, bids, funder=funder, areas_of=areas_of), funder

    def filename(self, funder, extension):
        name = f"{self.place.slug}-grants"
        if funder is not None:
            name += f"-funder-{funder.pk}"
        return f"{name}.{extension}"


class GrantsJsonView(GrantsExportMixin):
    def get(self, request, *args, **kwargs):
        data, funder = self.package()
        if not data["grants"]:
            response = HttpResponse(status=204)
            response["X-InPlace-Note"] = (
                "No grants awarded yet: a 360Giving package needs at least one grant."
            )
            return response
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = f'inline; filename="{self.filename(funder, "json")}"'
        return response


class GrantsCsvView(GrantsExportMixin):
    def get(self, request, *args, **kwargs):
        data, funder = self.package()
        response = HttpResponse(giving360.as_csv(data), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.filename(funder, "csv")}"'
        return response
