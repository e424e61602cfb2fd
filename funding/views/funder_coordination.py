"""For funders in the place: the shared pipeline, overlaps and unmet needs, and an offer to
co-fund another funder's bid."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from coordination.links import place_detail_address_maker
from coordination.organisations.models import Organisation
from coordination.paging import section_page
from coordination.places.mixins import PlacePermissionMixin
from coordination.service_views import ServiceActionView, ServiceFormMixin

from .. import permissions, selectors, services
from ..forms import CoFundForm
from ._common import FundingPage


class CoordinationView(FundingPage, PlacePermissionMixin, TemplateView):
    """For funders in the place: the shared pipeline, overlaps, co-funding and unmet needs. A
    county shares thousands of bids, so the page shows the totals and a page of each long list
    (its own ``…_page`` parameter), never every row."""

    permission = "coordinate_funding"
    template_name = "funding/coordination.html"

    def get_context_data(self, **kwargs):
        place, request = self.place, self.request
        snapshot = services.figures_snapshot_of(place, "overlaps")
        bids = section_page(request, selectors.shared_bids(place), "bids_page", "shared-bids")
        selectors.with_cofund_offers(place, bids.object_list)
        offer_url = place_detail_address_maker("places:funding:cofund_offer", place)
        for bid in bids.object_list:
            bid.cofund_offer_url = offer_url(bid.pk)
        flags = section_page(
            request, selectors.StoredFlagList(place, snapshot), "flags_page", "overlaps"
        )
        organisations = section_page(
            request,
            selectors.stored_pipeline(snapshot, "by_organisation"),
            "organisations_page",
            "by-organisation",
        )
        needs = section_page(
            request, snapshot.overlaps["unmet_need_ids"], "needs_page", "unmet-needs"
        )
        needs.object_list = selectors.stored_unmet_needs(place, snapshot, needs.object_list)
        kwargs.update(
            figures_as_of=snapshot.computed_at,
            flags=flags,
            total=selectors.stored_pipeline(snapshot, "total"),
            by_theme=selectors.stored_pipeline(snapshot, "by_theme"),
            by_area=selectors.stored_pipeline(snapshot, "by_area"),
            organisations=organisations,
            bids=bids,
            unmet_needs=needs,
            consenting_funders=selectors.consenting_funder_ids(place),
        )
        kwargs["my_funders"] = permissions.funder_ids(request.user, place)
        kwargs["my_funder_orgs"] = list(
            Organisation.objects.filter(pk__in=kwargs["my_funders"]).order_by("name")
        )
        return super().get_context_data(**kwargs)


class DuplicateCheckConsentView(FundingPage, PlacePermissionMixin, ServiceActionView):
    """A funder's people give or withdraw its consent to duplicate checks (one button)."""

    permission = "coordinate_funding"

    def refused_url(self):
        return reverse("places:funding:coordination", kwargs={"place_slug": self.place.slug})

    def act(self):
        chosen = self.request.POST.get("funder", "")
        funder = get_object_or_404(
            Organisation.objects.filter(
                pk__in=permissions.funder_ids(self.request.user, self.place)
            ),
            pk=int(chosen) if chosen.isdigit() else None,
        )
        give = self.request.POST.get("give") == "yes"
        services.duplicate_check_consent(
            place=self.place, actor=self.request.user, funder=funder, give=give
        )
        messages.success(
            self.request,
            _("%(funder)s's bids are now checked for duplicates with other consenting funders.")
            % {"funder": funder.name}
            if give
            else _("%(funder)s's bids are no longer checked unless their applicants shared them.")
            % {"funder": funder.name},
        )
        return redirect(self.refused_url())


class CoFundOfferView(FundingPage, PlacePermissionMixin, ServiceFormMixin, FormView):
    permission = "coordinate_funding"
    template_name = "funding/cofund_form.html"
    form_class = CoFundForm

    def get_bid(self):
        if not hasattr(self, "_bid"):
            self._bid = selectors.pipeline_bids(self.place).filter(pk=self.kwargs["pk"]).first()
            if self._bid is None:
                raise Http404
        return self._bid

    def get_form_kwargs(self):
        self.get_bid()
        return {**super().get_form_kwargs(), "place": self.place, "user": self.request.user}

    def get_context_data(self, **kwargs):
        kwargs["bid"] = self.get_bid()
        return super().get_context_data(**kwargs)

    def perform(self, form):
        services.cofund_offer(
            place=self.place, actor=self.request.user, bid=self.get_bid(), **form.cleaned_data
        )
        messages.success(self.request, _("Your offer is sent to the bid's funder."))
        return redirect("places:funding:coordination", place_slug=self.place.slug)
