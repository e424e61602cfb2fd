"""What the map makes searchable: services and community assets (public, as their pages are) and
needs (for those who may see the evidence of needs: every member but residents)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from coordination.accounts.permissions import can
from coordination.search.registry import Document, SearchKind

from .models import Asset, Need, Service
from .selectors import assets_in_place, needs_in_place, services_in_place


def _join(*parts):
    return " ".join(str(part) for part in parts if part)


def _list_url(name, place):
    return reverse(f"places:mapping:{name}", kwargs={"place_slug": place.slug})


def service_document(service, place):
    return Document(
        title=service.name,
        body=_join(service.organisation.name, service.description, service.eligibility),
        url=reverse(
            "places:mapping:service_detail", kwargs={"place_slug": place.slug, "pk": service.pk}
        ),
        public=True,
    )


def services_seen(place, user):
    return services_in_place(place)


def asset_document(asset, place):
    return Document(
        title=asset.name,
        body=_join(asset.get_kind_display(), asset.description, asset.availability),
        url=_list_url("asset_list", place),
        public=True,
    )


def assets_seen(place, user):
    return assets_in_place(place)


def need_document(need, place):
    return Document(
        title=need.summary,
        body=_join(need.theme.name, need.area.name, need.indicator_source),
        url=_list_url("need_list", place),
        public=False,
    )


def needs_seen(place, user):
    if not can(user, place, "view_needs"):
        return Need.objects.for_place(place).none()
    return needs_in_place(place)


KINDS = (
    SearchKind(
        key="service",
        label=gettext_lazy("Service"),
        plural=gettext_lazy("Services"),
        model=Service,
        document=service_document,
        visible=services_seen,
        order=50,
    ),
    SearchKind(
        key="asset",
        label=gettext_lazy("Community asset"),
        plural=gettext_lazy("Community assets"),
        model=Asset,
        document=asset_document,
        visible=assets_seen,
        order=51,
    ),
    SearchKind(
        key="need",
        label=gettext_lazy("Need"),
        plural=gettext_lazy("Needs"),
        model=Need,
        document=need_document,
        visible=needs_seen,
        order=52,
    ),
)
