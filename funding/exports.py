"""Open data: a place's awarded grants as a 360Giving JSON package and CSV, for anyone.

The place's two files are built by tasks into storage and served with their ETag
(coordination/exports); a funder's own grants (``?funder=<id>``) are built in the request. A
360Giving package must hold at least one grant, so where nothing has been awarded yet the JSON is a
204 No Content (with a note saying why) rather than an invalid package; the CSV is its header row
alone.
"""

import json

from django.http import Http404, HttpResponse, JsonResponse
from django.views import View

from coordination.exports.registry import ExportKind
from coordination.exports.responses import serve_export
from coordination.places.mixins import PlaceMixin

from . import giving360, selectors

JSON_KEY = "funding.360giving.json"
CSV_KEY = "funding.360giving.csv"
NO_GRANTS_NOTE = "No grants awarded yet: a 360Giving package needs at least one grant."


def _no_grants(place=None):
    response = HttpResponse(status=204)
    response["X-InPlace-Note"] = NO_GRANTS_NOTE
    return response


def _filename(place, funder, extension):
    name = f"{place.slug}-grants"
    if funder is not None:
        name += f"-funder-{funder.pk}"
    return f"{name}.{extension}"


def _package(place, funder=None):
    bids, areas_of = selectors.grants_for_360giving(place, funder=funder)
    return giving360.package(place, bids, funder=funder, areas_of=areas_of)


def write_json(place, out):
    """The place's package into the binary stream ``out``, grant by grant; returns how many."""
    data = _package(place)
    grants = data.pop("grants")
    head = json.dumps(data, ensure_ascii=False, indent=2)
    out.write(head[:-2] + ',\n  "grants": [')  # the package's fields, then its grants
    for number, grant in enumerate(grants):
        text = json.dumps(grant, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        out.write(("," if number else "") + "\n    " + text)
    out.write("\n  ]\n}\n" if grants else "]\n}\n")
    return len(grants)


def write_csv(place, out):
    data = _package(place)
    out.write(giving360.as_csv(data))
    return len(data["grants"])


def export_kinds(watches):
    return [
        ExportKind(
            key=JSON_KEY,
            content_type="application/json",
            build=write_json,
            filename=lambda place: _filename(place, None, "json"),
            watches=watches,
            settings=("SITE_URL",),
            disposition="inline",
            when_empty=_no_grants,
        ),
        ExportKind(
            key=CSV_KEY,
            content_type="text/csv; charset=utf-8",
            build=write_csv,
            filename=lambda place: _filename(place, None, "csv"),
            watches=watches,
            settings=("SITE_URL",),
        ),
    ]


class GrantsExportMixin(PlaceMixin, View):
    http_method_names = ["get"]

    def funder(self):
        funder_id = self.request.GET.get("funder", "")
        if not funder_id:
            return None
        if not funder_id.isdigit():
            raise Http404
        funder = selectors.funders_in_place(self.place).filter(pk=int(funder_id)).first()
        if funder is None:
            raise Http404
        return funder


class GrantsJsonView(GrantsExportMixin):
    def get(self, request, *args, **kwargs):
        funder = self.funder()
        if funder is None:
            return serve_export(request, self.place, JSON_KEY)
        data = _package(self.place, funder)
        if not data["grants"]:
            return _no_grants()
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = (
            f'inline; filename="{_filename(self.place, funder, "json")}"'
        )
        return response


class GrantsCsvView(GrantsExportMixin):
    def get(self, request, *args, **kwargs):
        funder = self.funder()
        if funder is None:
            return serve_export(request, self.place, CSV_KEY)
        data = _package(self.place, funder)
        response = HttpResponse(giving360.as_csv(data), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{_filename(self.place, funder, "csv")}"'
        )
        return response
