"""Grant variations: the grantee's form to ask for a change to a grant, the funder's form to
approve or refuse it, and the grantee's button to withdraw a request."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from coordination.service_views import ServiceActionView, ServiceFormMixin

from .. import permissions, selectors, services
from ..models import BidState, VariationState
from ..variation_forms import VariationDecisionForm, VariationRequestForm
from ._common import FundingPage
from .bids import BidMixin

TOLD = _("The other side is told in InPlace and, unless they chose otherwise, by email.")


class VariationRequestView(BidMixin, ServiceFormMixin, FormView):
    """The grantee asks for one kind of change to an awarded grant of a funder's programme."""

    template_name = "funding/variation_request.html"
    form_class = VariationRequestForm

    def dispatch(self, request, *args, **kwargs):
        bid = self.get_bid()
        if (
            bid.state != BidState.AWARDED
            or bid.programme.board_id
            or not permissions.can_act_as_applicant(request.user, self.place, bid)
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        bid = self.get_bid()
        kwargs["bid"] = bid
        kwargs["open_variation"] = next(
            (v for v in selectors.variations_of(self.place, bid) if v.is_open), None
        )
        return super().get_context_data(**kwargs)

    def perform(self, form):
        bid = self.get_bid()
        variation = services.variation_request(
            place=self.place, actor=self.request.user, grant=bid, **form.cleaned_data
        )
        messages.success(self.request, _("Your request is sent to the funder.") + " " + TOLD)
        return redirect(variation.get_absolute_url())


class VariationMixin(FundingPage):
    def get_variation(self):
        if not hasattr(self, "_variation"):
            self._variation = selectors.get_variation_for(
                self.request.user, self.place, self.kwargs["pk"]
            )
            if self._variation is None:
                raise Http404
        return self._variation


class VariationDecideView(VariationMixin, ServiceFormMixin, FormView):
    """The funder approves or refuses a request; a decided one shows its decision."""

    template_name = "funding/variation_decide.html"
    form_class = VariationDecisionForm

    def dispatch(self, request, *args, **kwargs):
        variation = self.get_variation()
        if not permissions.can_decide_bid(request.user, self.place, variation.grant):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs["variation"] = self.get_variation()
        kwargs["bid"] = self.get_variation().grant
        return super().get_context_data(**kwargs)

    def perform(self, form):
        variation = services.variation_decide(
            place=self.place,
            actor=self.request.user,
            variation=self.get_variation(),
            approve=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            self.request,
            (
                _("The change is approved.")
                if variation.state == VariationState.APPROVED
                else _("The change is refused.")
            )
            + " "
            + TOLD,
        )
        return redirect(variation.get_absolute_url())


class VariationWithdrawView(VariationMixin, ServiceActionView):
    def act(self):
        variation = services.variation_withdraw(
            place=self.place, actor=self.request.user, variation=self.get_variation()
        )
        messages.success(self.request, _("Your request is withdrawn.") + " " + TOLD)
        return redirect(variation.get_absolute_url())

    def refused_url(self):
        return self.get_variation().get_absolute_url()
