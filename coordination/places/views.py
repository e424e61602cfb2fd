"""Public landing page, each place's home page, and its areas."""

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from coordination import opendata
from coordination.accounts.permissions import can, roles_in
from coordination.accounts.selectors import places_of
from coordination.notifications.selectors import outbox_counts
from coordination.organisations.selectors import organisations_in_place
from coordination.work.selectors import HOME_ITEMS, my_work, totals

from . import comparison, selectors
from .mixins import PlaceMixin, get_object_or_404_in_place
from .models import Area, hex_colour


def landing(request):
    roles = {
        place.pk: [membership.get_role_display() for membership in memberships]
        for place, memberships in places_of(request.user)
    }
    places = list(selectors.active_places())
    return render(
        request,
        "places/landing.html",
        {
            "my_places": [(p, roles[p.pk]) for p in places if p.pk in roles],
            "other_places": [p for p in places if p.pk not in roles],
        },
    )


def colour_css(request, place_slug):
    """The place's header colour as a stylesheet of its own (base.html links it, versioned).

    Not an inline <style>: a page fetched by htmx is parsed whole, and its <style>, carrying that
    response's nonce, would be refused by the page it is swapped into (a CSP report each time).
    """
    colour = request.place.primary_colour
    if not hex_colour.regex.match(colour or ""):
        colour = "#1d70b8"
    response = HttpResponse(
        f".inplace-header {{ --inplace-place-colour: {colour}; }}\n", content_type="text/css"
    )
    # The link carries ?v=<last change>, so a changed colour is a new address.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@never_cache
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


class PlaceHomeView(PlaceMixin, TemplateView):
    template_name = "places/home.html"

    def get_context_data(self, **kwargs):
        roles = roles_in(self.request.user, self.place)
        kwargs["roles"] = roles
        kwargs["summary"] = selectors.place_home_summary(self.place, self.request.user, roles)
        if self.request.user.is_authenticated:
            work = my_work(self.place, self.request.user, roles=roles)
            kwargs["my_work"] = work
            kwargs["my_work_totals"] = totals(work)
            kwargs["home_items"] = HOME_ITEMS
        if can(self.request.user, self.place, "view_outbox"):
            kwargs["email_counts"] = outbox_counts(self.place)
        return super().get_context_data(**kwargs)


class OpenDataView(PlaceMixin, TemplateView):
    """Every open dataset the place publishes: standard, licence, size and downloads. Public."""

    template_name = "places/open_data.html"

    def get_context_data(self, **kwargs):
        kwargs["datasets"] = [d.for_place(self.place) for d in opendata.datasets()]
        kwargs["licence"] = opendata.licence()
        return super().get_context_data(**kwargs)


class ComparePlacesView(TemplateView):
    """Every active place's published figures side by side, so places learn from each other.
    Public."""

    template_name = "places/compare.html"

    def get_context_data(self, **kwargs):
        kwargs["places"], kwargs["groups"] = comparison.comparison()
        return super().get_context_data(**kwargs)


class AreaListView(PlaceMixin, ListView):
    model = Area
    template_name = "places/area_list.html"
    context_object_name = "areas"

    def get_queryset(self):
        return selectors.areas_for_place(self.place)


class AreaDetailView(PlaceMixin, DetailView):
    model = Area
    template_name = "places/area_detail.html"
    context_object_name = "area"

    def get_object(self, queryset=None):
        return get_object_or_404_in_place(
            selectors.areas_for_place(self.place), slug=self.kwargs["slug"]
        )

    def get_context_data(self, **kwargs):
        kwargs["organisations"] = organisations_in_place(self.place).filter(areas=self.object)
        return super().get_context_data(**kwargs)
