"""The place's commissioning in numbers and as open data: the figures page (per commissioner, the
awards and the co-design summaries) and the OCDS release package and table."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from coordination.accounts.permissions import can
from coordination.exports.responses import serve_export
from coordination.paging import section_page
from coordination.places.mixins import PlaceMixin, PlacePermissionMixin
from coordination.service_views import ServiceFormMixin

from .. import selectors, services
from ..forms import CommissioningPolicyForm
from ..models import CommissioningPolicy


class FiguresView(PlaceMixin, TemplateView):
    """Each commissioner's figures, funding against demand by service area, then the co-design
    summaries and the awards with their reasons, newest first, 10 a page each."""

    template_name = "commissioning/figures.html"
    per_page = 10

    def get_context_data(self, **kwargs):
        kwargs["by_service_area"] = selectors.proportionality_by_service_area(self.place)
        kwargs["threshold"] = CommissioningPolicy.of(self.place).unit_value_fall_percent
        kwargs["can_set_measures"] = can(self.request.user, self.place, "set_measures")
        kwargs["figures"] = selectors.commissioner_figures(self.place)
        kwargs["awards"] = section_page(
            self.request,
            selectors.awards_in_place(self.place),
            "awards_page",
            anchor="awards",
            per_page=self.per_page,
        )
        kwargs["co_design_summaries"] = section_page(
            self.request,
            selectors.published_co_design(self.place),
            "co_design_page",
            anchor="co-design-summaries",
            per_page=self.per_page,
        )
        return super().get_context_data(**kwargs)


class CommissioningPolicyView(PlacePermissionMixin, ServiceFormMixin, FormView):
    """A place admin sets how far the value for each unit of demand may fall unflagged."""

    permission = "set_measures"
    template_name = "places/policy_form.html"
    form_class = CommissioningPolicyForm

    def get_context_data(self, **kwargs):
        kwargs.update(
            heading=_("When funding falls behind demand"),
            intro=_(
                "Groups in %(place)s asked commissioners for funding proportional to demand. A "
                "tender that continues earlier contracts is flagged, on its page and in the "
                "figures, when the money for each unit of demand (each referral, hour or place) "
                "falls by more than the share you set here, against the contract before it or "
                "the first."
            )
            % {"place": self.place.name},
            back_url=reverse(
                "places:commissioning:figures", kwargs={"place_slug": self.place.slug}
            ),
            back_label=_("Back to the commissioning figures"),
        )
        return super().get_context_data(**kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": CommissioningPolicy.of(self.place)}

    def perform(self, form):
        services.commissioning_policy_update(
            place=self.place,
            actor=self.request.user,
            unit_value_fall_percent=form.cleaned_data["unit_value_fall_percent"],
        )
        messages.success(self.request, _("Saved. Tenders are flagged this way from now on."))
        return redirect("places:commissioning:figures", place_slug=self.place.slug)


def ocds_release_package(request, place_slug):
    """The place's tenders as an OCDS 1.1.5 release package (open data; no sign-in), from the
    file a task builds (coordination/exports).

    A place with no tenders has no releases, and OCDS 1.1's release package must hold at least
    one: rather than publish an invalid package, the answer is 204 No Content (with the count in
    an ``OCDS-Releases: 0`` header), as a publisher of bulk files publishes no file until there is
    something in it. Every 200 answer is a valid package.
    """
    return serve_export(request, request.place, "commissioning.ocds.json")


def ocds_csv(request, place_slug):
    """The place's contracting processes as a table: one row per tender, as in the OCDS package."""
    return serve_export(request, request.place, "commissioning.tenders.csv")
