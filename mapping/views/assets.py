"""Community assets: the public list and map (by area and kind; a contact shown only with its
owner's consent), and adding, changing and removing an asset."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from coordination.accounts.permissions import can
from coordination.places.mixins import PlaceMixin, PlacePermissionMixin, get_object_or_404_in_place
from coordination.places.models import Area
from coordination.places.selectors import areas_for_place
from coordination.service_views import ServiceFormMixin

from .. import geojson, selectors, services
from ..forms import AssetForm
from ..models import Asset, AssetKind
from ._common import MappingPage, RemoveView, map_data


class AssetListView(MappingPage, PlaceMixin, TemplateView):
    """Community assets, public; filter by area (St Helier) and kind. Contacts only with consent.

    The list is paged (the filters kept in the page links); the map above it fetches its points
    from assets.geojson with the same filters, so the page never carries a county's assets."""

    template_name = "mapping/asset_list.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        area_slug = self.request.GET.get("area", "").strip()
        kind = self.request.GET.get("kind", "")
        try:
            assets, area = selectors.filtered_assets(self.place, area_slug=area_slug, kind=kind)
        except Area.DoesNotExist:
            raise Http404 from None
        page = Paginator(assets, self.paginate_by).get_page(self.request.GET.get("page"))
        user = self.request.user
        editable = selectors.asset_editor(user, self.place)
        # (asset, may see its contact, may change it): contacts with consent, or to its editors.
        listed = selectors.resident_work_on_assets(self.place, page.object_list)
        rows = [(a, a.contact_consent or editable(a), editable(a)) for a in listed]
        # No map when no asset chosen has a place on it; when one has, the outlines too.
        mapped = geojson.within(assets, None).exists()
        source = None
        if mapped:
            query = {k: v for k, v in (("area", area.slug if area else ""), ("kind", kind)) if v}
            source = reverse("places:mapping:asset_geojson", kwargs={"place_slug": self.place.slug})
            source = f"{source}?{urlencode(query)}" if query else source
        kwargs.update(
            rows=rows,
            page_obj=page,
            paginator=page.paginator,
            any_editable=any(edit for _a, _show, edit in rows),
            map_data=map_data(source=source, outlines=selectors.area_outlines(self.place))
            if mapped
            else None,
            area=area,
            areas=areas_for_place(self.place),
            kinds=AssetKind.choices,
            selected_kind=kind if kind in AssetKind.values else "",
            can_add=can(user, self.place, "add_assets"),
        )
        return super().get_context_data(**kwargs)


class AssetCreateView(PlacePermissionMixin, ServiceFormMixin, FormView):
    permission = "add_assets"
    template_name = "mapping/asset_form.html"
    form_class = AssetForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.place}

    def perform(self, form):
        asset = services.asset_create(
            place=self.place, actor=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, _("%(name)s added to the asset map.") % {"name": asset.name})
        return redirect(_asset_list_url(self.place, asset))


def _asset_list_url(place, asset):
    url = reverse("places:mapping:asset_list", kwargs={"place_slug": place.slug})
    return f"{url}?area={asset.area.slug}" if asset.area_id else url


class AssetChangeMixin(PlacePermissionMixin):
    model = Asset
    permission = "add_assets"

    def get_asset(self):
        asset = get_object_or_404_in_place(
            selectors.assets_in_place(self.place), pk=self.kwargs["pk"]
        )
        if not selectors.can_edit_asset(self.request.user, self.place, asset):
            raise PermissionDenied
        return asset


class AssetUpdateView(AssetChangeMixin, ServiceFormMixin, FormView):
    template_name = "mapping/asset_form.html"
    form_class = AssetForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.place, "instance": self.get_asset()}

    def get_context_data(self, **kwargs):
        kwargs["asset"] = self.get_asset()
        return super().get_context_data(**kwargs)

    def perform(self, form):
        asset = self.get_asset()
        services.asset_update(
            place=self.place, actor=self.request.user, asset=asset, **form.cleaned_data
        )
        messages.success(self.request, _("%(name)s updated.") % {"name": asset.name})
        return redirect(_asset_list_url(self.place, asset))


class AssetRemoveView(AssetChangeMixin, RemoveView):
    def get_row(self):
        return self.get_asset()

    def describe(self, asset):
        return {
            "name": asset.name,
            "caption": asset.get_kind_display(),
            "heading": _("Remove this community asset?"),
            "explanation": _("It is taken off the asset map and list for good."),
            "back_url": _asset_list_url(self.place, asset),
            "button": _("Remove the asset"),
        }

    def remove(self, asset):
        services.asset_remove(place=self.place, actor=self.request.user, asset=asset)

    def after_url(self, asset):
        return _asset_list_url(self.place, asset)
