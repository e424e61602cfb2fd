"""What the mapping pages share: the sub-navigation's context, the map's settings, and the
"are you sure?" page before a row is removed."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from coordination.accounts.permissions import can
from coordination.places.mixins import PlaceMixin

from .. import conf


class MappingPage:
    """Context every mapping page needs: whether to offer the analysis pages in the sub-navigation."""

    def get_context_data(self, **kwargs):
        kwargs["can_view_analysis"] = can(self.request.user, self.place, "view_mapping_analysis")
        kwargs["can_import"] = can(self.request.user, self.place, "import_mapping_data")
        kwargs["can_manage_vocabulary"] = can(self.request.user, self.place, "manage_vocabulary")
        kwargs["can_manage_outlines"] = can(self.request.user, self.place, "manage_areas")
        return super().get_context_data(**kwargs)


def map_data(*, points=(), outlines=(), source=None):
    """What the page's map script draws: the tile server (if any), markers and area outlines.
    With ``source`` (the address of a GeoJSON FeatureCollection of points) the script fetches the
    markers from there instead of the page carrying them."""
    found = {
        "tiles": conf.tile_url(),
        "attribution": conf.tile_attribution(),
        "points": list(points),
        "outlines": list(outlines),
    }
    if source:
        found["source"] = source
    return found


class RemoveView(PlaceMixin, TemplateView):
    """Ask "are you sure?" (GET), then remove (POST): for whoever may change the row."""

    template_name = "mapping/confirm_remove.html"

    def get_row(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        kwargs.update(self.describe(self.get_row()))
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        row = self.get_row()
        name, after = self.describe(row)["name"], self.after_url(row)
        self.remove(row)
        messages.success(request, _("%(name)s removed.") % {"name": name})
        return redirect(after)
