"""A funder's decisions on a bid (award; decline with its feedback), the funder's changes to its
draft feedback, and the applicant's answer to whether the feedback helped."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from coordination.service_views import ServiceActionView, ServiceFormMixin

from .. import permissions, services
from ..forms import AwardForm, DeclineForm, FeedbackForm, HelpedForm
from ..models.feedback import RELEASED_REFUSAL
from .bids import BidMixin


class DecisionMixin(BidMixin):
    def dispatch(self, request, *args, **kwargs):
        bid = self.get_bid()
        if not permissions.can_decide_bid(request.user, self.place, bid):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs["bid"] = self.get_bid()
        return super().get_context_data(**kwargs)


class BidAwardView(DecisionMixin, ServiceFormMixin, FormView):
    template_name = "funding/bid_award.html"
    form_class = AwardForm

    def get_initial(self):
        bid = self.get_bid()
        return {"amount": bid.amount_requested, "months": bid.duration_months}

    def perform(self, form):
        bid = self.get_bid()
        services.bid_award(place=self.place, actor=self.request.user, bid=bid, **form.cleaned_data)
        messages.success(
            self.request,
            _(
                "The bid is awarded. The applicant's people are told in InPlace and, unless "
                "they chose otherwise, by email."
            ),
        )
        return redirect(bid.get_absolute_url())


class BidDeclineView(DecisionMixin, ServiceFormMixin, FormView):
    template_name = "funding/bid_decline.html"
    form_class = DeclineForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.place, "bid": self.get_bid()}

    def perform(self, form):
        bid = self.get_bid()
        services.bid_decline(
            place=self.place, actor=self.request.user, bid=bid, **form.cleaned_data
        )
        messages.success(
            self.request,
            _(
                "The bid is declined. The applicant's people are told in InPlace and, unless "
                "they chose otherwise, by email."
            ),
        )
        return redirect(bid.get_absolute_url())


class FeedbackEditView(DecisionMixin, ServiceFormMixin, FormView):
    """The funder changes its feedback while it is a draft; released feedback is not changed."""

    template_name = "funding/feedback_form.html"
    form_class = FeedbackForm

    def get_feedback(self):
        feedback = getattr(self.get_bid(), "feedback", None)
        if feedback is None:
            raise Http404
        return feedback

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.place, "bid": self.get_bid()}

    def get_initial(self):
        feedback = self.get_feedback()
        return {
            "reasons": feedback.reasons,
            "strengths": feedback.strengths,
            "to_strengthen": feedback.to_strengthen,
            "signposts": list(feedback.signposts.values_list("pk", flat=True)),
            "free_text": feedback.free_text,
        }

    def get_context_data(self, **kwargs):
        feedback = self.get_feedback()
        kwargs["feedback"] = feedback
        if not feedback.is_draft:
            kwargs["refusal"] = RELEASED_REFUSAL
        return super().get_context_data(**kwargs)

    def perform(self, form):
        bid = self.get_bid()
        services.feedback_update(
            place=self.place, actor=self.request.user, bid=bid, **form.cleaned_data
        )
        messages.success(
            self.request, _("Your draft feedback is saved. The applicant does not see it yet.")
        )
        return redirect(bid.get_absolute_url() + "#feedback")


class FeedbackHelpedView(BidMixin, ServiceActionView):
    """The applicant's answer from the feedback on the bid's page: back to that page, with a
    message whether it was taken, refused or left unanswered."""

    def act(self):
        bid = self.get_bid()
        form = HelpedForm(self.request.POST)
        if not form.is_valid():
            messages.error(self.request, _("Say whether the feedback helped."))
            return redirect(bid.get_absolute_url())
        services.feedback_rate(
            place=self.place,
            actor=self.request.user,
            bid=bid,
            helped=form.cleaned_data["helped"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(self.request, _("Thank you: the funder will see your answer."))
        return redirect(bid.get_absolute_url())

    def refused_url(self):
        return self.get_bid().get_absolute_url()
