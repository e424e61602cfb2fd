"""Bids: an organisation's form to make and change one, the lists and the page of a bid, its
documents, and the one-button moves (submit, withdraw, start the review, release the feedback)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from coordination.places.mixins import PlacePermissionMixin
from coordination.service_views import ServiceActionView, ServiceFormMixin
from coordination.uploads import serve_upload

from .. import permissions, selectors, services
from ..forms import BidForm, HelpedForm
from ..models import BidAttachment, BidState
from ._common import FundingPage, place_today
from .programmes import ProgrammeMixin
from .variation_panel import variation_panel


class BidCreateView(ProgrammeMixin, PlacePermissionMixin, ServiceFormMixin, FormView):
    permission = "apply_for_funding"
    template_name = "funding/bid_form.html"
    form_class = BidForm

    def get_form_kwargs(self):
        self.get_programme()
        return {**super().get_form_kwargs(), "place": self.place, "user": self.request.user}

    def get_context_data(self, **kwargs):
        kwargs["programme"] = self.get_programme()
        return super().get_context_data(**kwargs)

    def perform(self, form):
        bid = services.bid_create(
            place=self.place,
            actor=self.request.user,
            programme=self.get_programme(),
            **form.cleaned_data,
        )
        messages.success(
            self.request, _("Your draft is saved. Check it, then submit it to the funder.")
        )
        return redirect(bid.get_absolute_url())


class BidListView(FundingPage, TemplateView):
    template_name = "funding/bid_list.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        bids = selectors.bids_visible_to(user, self.place).order_by("-created_at", "-pk")
        mine = permissions.member_organisation_ids(user, self.place)
        kwargs["own_bids"] = [b for b in bids if b.applicant_id in mine]
        kwargs["received_bids"] = [
            b for b in bids if b.programme.funder_id in mine and b.applicant_id not in mine
        ]
        return super().get_context_data(**kwargs)


class BidMixin(FundingPage):
    def get_bid(self):
        if not hasattr(self, "_bid"):
            self._bid = selectors.get_bid_for(self.request.user, self.place, self.kwargs["pk"])
            if self._bid is None:
                raise Http404
        return self._bid


class BidDetailView(BidMixin, TemplateView):
    template_name = "funding/bid_detail.html"

    def get_context_data(self, **kwargs):
        bid, user, place = self.get_bid(), self.request.user, self.place
        is_funder = permissions.can_decide_bid(user, place, bid)
        is_applicant = permissions.can_act_as_applicant(user, place, bid)
        feedback = selectors.feedback_for_applicant(user, place, bid)
        kwargs.update(
            bid=bid,
            attachments=selectors.attachments_of(place, bid),
            events=bid.events.select_related("actor").all(),
            feedback=feedback,
            is_funder=is_funder,
            is_applicant=is_applicant,
            can_edit=is_applicant and bid.state == BidState.DRAFT,
            can_submit=is_applicant and bid.can_move_to(BidState.SUBMITTED),
            can_withdraw=is_applicant and bid.can_move_to(BidState.WITHDRAWN),
            can_review=is_funder and bid.can_move_to(BidState.UNDER_REVIEW),
            can_decide=is_funder and bid.can_move_to(BidState.AWARDED),
            can_release=is_funder and feedback is not None and feedback.released_at is None,
            helped_form=HelpedForm()
            if is_applicant and feedback and feedback.released_at
            else None,
            decision_due=bid.decision_due_on(),
            offers=bid.cofund_offers.select_related("funder") if is_funder or is_applicant else (),
        )
        kwargs.update(variation_panel(place, bid, is_funder=is_funder, is_applicant=is_applicant))
        application = (
            selectors.get_fund_application_for(user, place, bid.fund_application.pk)
            if bid.programme.board_id and hasattr(bid, "fund_application")
            else None
        )
        if application is not None:
            kwargs.update(
                application=application,
                can_run_fund=permissions.can_run_fund(user, application.fund),
                payments=selectors.payments_of(place, application),
            )
        # Applying once: the programme's questions and documents, as this bid fills them.
        kwargs["bid_application"] = selectors.application_of(place, bid, place_today(place))
        if feedback is not None:
            kwargs["feedback_overdue"] = feedback.is_overdue(place_today(place))
            kwargs["signposts"] = feedback.signposts.filter(places=place)
        return super().get_context_data(**kwargs)


class BidUpdateView(BidMixin, ServiceFormMixin, FormView):
    template_name = "funding/bid_form.html"
    form_class = BidForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "place": self.place,
            "user": self.request.user,
            "instance": self.get_bid(),
        }

    def get_context_data(self, **kwargs):
        kwargs["bid"] = self.get_bid()
        kwargs["programme"] = self.get_bid().programme
        kwargs["attachments"] = selectors.attachments_of(self.place, self.get_bid())
        kwargs["can_edit"] = True
        return super().get_context_data(**kwargs)

    def dispatch(self, request, *args, **kwargs):
        bid = self.get_bid()
        if not permissions.can_act_as_applicant(request.user, self.place, bid):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        bid = self.get_bid()
        bid.refresh_from_db()
        services.bid_update(place=self.place, actor=self.request.user, bid=bid, **form.cleaned_data)
        messages.success(self.request, _("Your changes are saved."))
        return redirect(bid.get_absolute_url())


class AttachmentMixin(FundingPage):
    model = BidAttachment

    def get_attachment(self):
        if not hasattr(self, "_attachment"):
            self._attachment = selectors.get_attachment_for(
                self.request.user, self.place, self.kwargs["pk"]
            )
            if self._attachment is None:
                raise Http404
        return self._attachment


class AttachmentDownloadView(AttachmentMixin, View):
    """The only way to a bid's document: whoever may see the bid in full, nobody else."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        attachment = self.get_attachment()
        return serve_upload(
            attachment.file,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )


class AttachmentRemoveView(AttachmentMixin, ServiceActionView):
    def act(self):
        attachment = self.get_attachment()
        services.attachment_remove(place=self.place, actor=self.request.user, attachment=attachment)
        messages.success(
            self.request, _("%(name)s is removed.") % {"name": attachment.original_name}
        )
        return redirect(attachment.bid.get_absolute_url())

    def refused_url(self):
        return self.get_attachment().bid.get_absolute_url()


class BidActionView(BidMixin, ServiceActionView):
    """A one-button change of state: submit, withdraw, start review, release feedback."""

    action = None
    ACTIONS = {
        "submit": (services.bid_submit, _("Your bid is submitted to the funder.")),
        "withdraw": (services.bid_withdraw, _("The bid is withdrawn.")),
        "review": (services.bid_start_review, _("The bid is now under review.")),
        "release": (
            services.feedback_release,
            _(
                "The feedback is released. The applicant's people are told in InPlace and, "
                "unless they chose otherwise, by email."
            ),
        ),
    }

    def act(self):
        bid = self.get_bid()
        service, done = self.ACTIONS[self.action]
        service(place=self.place, actor=self.request.user, bid=bid)
        messages.success(self.request, done)
        return redirect(bid.get_absolute_url())

    def refused_url(self):
        return self.get_bid().get_absolute_url()
