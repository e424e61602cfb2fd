"""Funding pages: public programmes, figures and deadlines; bids for charities; reviews for funders."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from coordination.accounts.permissions import can
from coordination.errors import RuleViolation, add_to_form
from coordination.links import place_detail_address_maker
from coordination.organisations.models import Organisation
from coordination.places.mixins import PlaceMixin, PlacePermissionMixin
from coordination.uploads import serve_upload

from .. import charts, permissions, selectors, services
from ..forms import (
    AwardForm,
    BidForm,
    CoFundForm,
    DeclineForm,
    FundApplicationForm,
    FundDecisionForm,
    FundForm,
    FundPaymentForm,
    FundScheduleForm,
    FundUpdateForm,
    GrantReportForm,
    GrantWithdrawForm,
    HelpedForm,
    ProgrammeForm,
)
from ..models import SHORT_FORM_LIMIT, BidAttachment, BidState, BoardFund, FundApplication


def _today(place):
    return timezone.localdate(timezone=place.tz)


class FundingPage(PlaceMixin):
    def get_context_data(self, **kwargs):
        user, place = self.request.user, self.place
        kwargs.setdefault("can_manage_programmes", can(user, place, "manage_programmes"))
        kwargs.setdefault("can_apply", can(user, place, "apply_for_funding"))
        kwargs.setdefault("can_coordinate", can(user, place, "coordinate_funding"))
        kwargs.setdefault("today", _today(place))
        return super().get_context_data(**kwargs)


class ProgrammeListView(FundingPage, TemplateView):
    template_name = "funding/programme_list.html"

    def get_context_data(self, **kwargs):
        today = _today(self.place)
        programmes = list(selectors.programmes_in_place(self.place))
        kwargs["open_programmes"] = [p for p in programmes if p.is_open_on(today)]
        kwargs["upcoming"] = [p for p in programmes if p.opens_on > today]
        kwargs["closed"] = [p for p in programmes if p.deadline and p.deadline < today]
        return super().get_context_data(**kwargs)


class ProgrammeMixin(FundingPage):
    def get_programme(self):
        if not hasattr(self, "_programme"):
            self._programme = selectors.get_programme(self.place, self.kwargs["pk"])
            if self._programme is None:
                raise Http404
        return self._programme


class ProgrammeDetailView(ProgrammeMixin, TemplateView):
    template_name = "funding/programme_detail.html"

    def get_context_data(self, **kwargs):
        programme = self.get_programme()
        user = self.request.user
        kwargs["programme"] = programme
        kwargs["is_its_funder"] = permissions.can_manage_programme(user, self.place, programme)
        kwargs["is_open"] = programme.is_open_on(_today(self.place))
        if kwargs["is_its_funder"]:
            kwargs["bids"] = selectors.bids_visible_to(user, self.place).filter(programme=programme)
        kwargs["other_places"] = programme.places.exclude(pk=self.place.pk)
        kwargs["board_fund"] = (
            BoardFund.objects.for_place(self.place).filter(programme=programme).first()
            if programme.board_id
            else None
        )
        return super().get_context_data(**kwargs)


class ProgrammeCreateView(FundingPage, PlacePermissionMixin, FormView):
    permission = "manage_programmes"
    template_name = "funding/programme_form.html"
    form_class = ProgrammeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.place, "user": self.request.user}

    def form_valid(self, form):
        try:
            programme = services.programme_create(
                place=self.place, actor=self.request.user, **form.cleaned_data
            )
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("%(title)s is published.") % {"title": programme.title})
        return redirect(
            "places:funding:programme_detail", place_slug=self.place.slug, pk=programme.pk
        )


class ProgrammeUpdateView(ProgrammeMixin, ProgrammeCreateView):
    def dispatch(self, request, *args, **kwargs):
        programme = self.get_programme()
        if not permissions.can_manage_programme(request.user, self.place, programme):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_programme()}

    def get_context_data(self, **kwargs):
        kwargs["programme"] = self.get_programme()
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        programme = self.get_programme()
        programme.refresh_from_db()
        try:
            services.programme_update(
                place=self.place, actor=self.request.user, programme=programme, **form.cleaned_data
            )
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Changes to %(title)s saved.") % {"title": programme.title}
        )
        return redirect(
            "places:funding:programme_detail", place_slug=self.place.slug, pk=programme.pk
        )


class BidCreateView(ProgrammeMixin, PlacePermissionMixin, FormView):
    permission = "apply_for_funding"
    template_name = "funding/bid_form.html"
    form_class = BidForm

    def get_form_kwargs(self):
        self.get_programme()
        return {**super().get_form_kwargs(), "place": self.place, "user": self.request.user}

    def get_context_data(self, **kwargs):
        kwargs["programme"] = self.get_programme()
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        try:
            bid = services.bid_create(
                place=self.place,
                actor=self.request.user,
                programme=self.get_programme(),
                **form.cleaned_data,
            )
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
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
        if feedback is not None:
            kwargs["feedback_overdue"] = feedback.is_overdue(_today(place))
            kwargs["signposts"] = feedback.signposts.filter(places=place)
        return super().get_context_data(**kwargs)


class BidUpdateView(BidMixin, FormView):
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

    def form_valid(self, form):
        bid = self.get_bid()
        bid.refresh_from_db()
        try:
            services.bid_update(
                place=self.place, actor=self.request.user, bid=bid, **form.cleaned_data
            )
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
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


class AttachmentRemoveView(AttachmentMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        attachment = self.get_attachment()
        bid = attachment.bid
        try:
            services.attachment_remove(place=self.place, actor=request.user, attachment=attachment)
        except RuleViolation as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("%(name)s is removed.") % {"name": attachment.original_name}
            )
        return redirect(bid.get_absolute_url())


class BidActionView(BidMixin, View):
    """A one-button change of state: submit, withdraw, start review, release feedback."""

    http_method_names = ["post"]
    action = None
    ACTIONS = {
        "submit": (services.bid_submit, _("Your bid is submitted to the funder.")),
        "withdraw": (services.bid_withdraw, _("The bid is withdrawn.")),
        "review": (services.bid_start_review, _("The bid is now under review.")),
        "release": (services.feedback_release, _("The feedback is released to the applicant.")),
    }

    def post(self, request, *args, **kwargs):
        bid = self.get_bid()
        service, done = self.ACTIONS[self.action]
        try:
            service(place=self.place, actor=request.user, bid=bid)
        except RuleViolation as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, done)
        return redirect(bid.get_absolute_url())


class DecisionMixin(BidMixin):
    def dispatch(self, request, *args, **kwargs):
        bid = self.get_bid()
        if not permissions.can_decide_bid(request.user, self.place, bid):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs["bid"] = self.get_bid()
        return super().get_context_data(**kwargs)


class BidAwardView(DecisionMixin, FormView):
    template_name = "funding/bid_award.html"
    form_class = AwardForm

    def get_initial(self):
        bid = self.get_bid()
        return {"amount": bid.amount_requested, "months": bid.duration_months}

    def form_valid(self, form):
        bid = self.get_bid()
        try:
            services.bid_award(
                place=self.place, actor=self.request.user, bid=bid, **form.cleaned_data
            )
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The bid is awarded; the applicant has been told."))
        return redirect(bid.get_absolute_url())


class BidDeclineView(DecisionMixin, FormView):
    template_name = "funding/bid_decline.html"
    form_class = DeclineForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.place, "bid": self.get_bid()}

    def form_valid(self, form):
        bid = self.get_bid()
        try:
            services.bid_decline(
                place=self.place, actor=self.request.user, bid=bid, **form.cleaned_data
            )
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The bid is declined and the applicant has been told."))
        return redirect(bid.get_absolute_url())


class FeedbackHelpedView(BidMixin, FormView):
    http_method_names = ["post"]
    form_class = HelpedForm
    template_name = "funding/bid_detail.html"

    def form_valid(self, form):
        bid = self.get_bid()
        try:
            services.feedback_rate(
                place=self.place,
                actor=self.request.user,
                bid=bid,
                helped=form.cleaned_data["helped"],
                comment=form.cleaned_data["comment"],
            )
        except RuleViolation as exc:
            for message in exc.messages:
                messages.error(self.request, message)
        else:
            messages.success(self.request, _("Thank you: the funder will see your answer."))
        return redirect(bid.get_absolute_url())

    def form_invalid(self, form):
        messages.error(self.request, _("Say whether the feedback helped."))
        return redirect(self.get_bid().get_absolute_url())


class FiguresView(FundingPage, TemplateView):
    template_name = "funding/figures.html"

    def get_context_data(self, **kwargs):
        place = self.place
        figures, funder_figures = selectors.place_and_funder_figures(place)
        kwargs["figures"] = figures
        kwargs["funder_figures"] = funder_figures
        kwargs["rows"] = [
            (_("All funders in %(place)s") % {"place": place.name}, {"figures": figures})
        ] + [(f.name, {"funder": f, "figures": figs}) for f, figs in funder_figures]
        kwargs["charts"] = charts.place_charts(place, figures, funder_figures)
        kwargs["grants"] = selectors.awarded_grants(place)[:100]
        kwargs["short_windows"] = [
            p for p in selectors.programmes_in_place(place) if p.short_window
        ]
        return super().get_context_data(**kwargs)


class FunderFiguresView(FundingPage, TemplateView):
    """One funder's published figures in this place, beside all funders here."""

    template_name = "funding/funder_figures.html"
    model = Organisation

    def get_context_data(self, **kwargs):
        place = self.place
        funder = selectors.funders_in_place(place).filter(pk=self.kwargs["pk"]).first()
        if funder is None:
            raise Http404
        figures = selectors.compute_figures(place, funder=funder)
        everyone = selectors.compute_figures(place)
        rows = [
            (funder.name, {"funder": funder, "figures": figures}),
            (_("All funders in %(place)s") % {"place": place.name}, {"figures": everyone}),
        ]
        kwargs.update(
            funder=funder,
            figures=figures,
            rows=rows,
            charts={
                "shares": charts.shares_chart([(label, row["figures"]) for label, row in rows]),
                "success": charts.success_chart(figures.programmes),
            },
            grants=selectors.awarded_grants(place, funder=funder)[:100],
            short_windows=[
                p
                for p in selectors.programmes_in_place(place).filter(funder=funder)
                if p.short_window
            ],
        )
        return super().get_context_data(**kwargs)


class CalendarView(FundingPage, TemplateView):
    template_name = "funding/calendar.html"

    def get_context_data(self, **kwargs):
        kwargs["months"] = selectors.deadline_calendar(self.place)
        kwargs["rolling"] = [p for p in selectors.open_programmes(self.place) if p.is_rolling]
        return super().get_context_data(**kwargs)


class CoordinationView(FundingPage, PlacePermissionMixin, TemplateView):
    """For funders in the place: the shared pipeline, overlaps, co-funding and unmet needs."""

    permission = "coordinate_funding"
    template_name = "funding/coordination.html"

    def get_context_data(self, **kwargs):
        found = selectors.coordination(self.place)
        offer_url = place_detail_address_maker("places:funding:cofund_offer", self.place)
        for bid in found["bids"]:
            bid.cofund_offer_url = offer_url(bid.pk)
        kwargs.update(found)
        kwargs["my_funders"] = permissions.funder_ids(self.request.user, self.place)
        return super().get_context_data(**kwargs)


class CoFundOfferView(FundingPage, PlacePermissionMixin, FormView):
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

    def form_valid(self, form):
        try:
            services.cofund_offer(
                place=self.place, actor=self.request.user, bid=self.get_bid(), **form.cleaned_data
            )
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Your offer is sent to the bid's funder."))
        return redirect("places:funding:coordination", place_slug=self.place.slug)


# Community board funds


class FundListView(FundingPage, TemplateView):
    """Every board fund the person may see: a public board's fund is public."""

    template_name = "funding/fund_list.html"

    def get_context_data(self, **kwargs):
        kwargs["funds"] = selectors.funds_visible_to(self.place, self.request.user)
        kwargs["can_create"] = _runs_a_board(self.request.user, self.place)
        return super().get_context_data(**kwargs)


def _runs_a_board(user, place):
    from boards.selectors import boards_run_by

    return can(user, place, "manage_boards") or boards_run_by(place, user).exists()


class FundCreateView(FundingPage, FormView):
    template_name = "funding/fund_form.html"
    form_class = FundForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not _runs_a_board(request.user, self.place):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        today = _today(self.place)
        return {"year": today.year if today.month >= 4 else today.year - 1}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.place, "user": self.request.user}

    def form_valid(self, form):
        try:
            fund = services.fund_create(
                place=self.place, actor=self.request.user, **form.cleaned_data
            )
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("%(fund)s is open.") % {"fund": fund.programme.title})
        return redirect(fund.get_absolute_url())


class FundMixin(FundingPage):
    model = BoardFund

    def get_fund(self):
        if not hasattr(self, "_fund"):
            self._fund = selectors.get_fund_for(self.place, self.request.user, self.kwargs["pk"])
            if self._fund is None:
                raise Http404
        return self._fund


class FundDetailView(FundMixin, TemplateView):
    """The fund's public page: spend against budget, what was funded, for which priority and
    area, and what the grantees say the money did."""

    template_name = "funding/fund_detail.html"

    def get_context_data(self, **kwargs):
        fund, user = self.get_fund(), self.request.user
        grants = list(selectors.fund_grants(self.place, fund))
        can_run = permissions.can_run_fund(user, fund)
        kwargs.update(
            fund=fund,
            grants=grants,
            by_priority=selectors.spend_by_priority(grants),
            can_run=can_run,
            applications=selectors.fund_applications_of(self.place, fund) if can_run else (),
            can_apply=can(user, self.place, "apply_for_funding")
            and fund.programme.is_open_on(_today(self.place)),
            short_form_limit=SHORT_FORM_LIMIT,
        )
        return super().get_context_data(**kwargs)


class FundUpdateView(FundMixin, FormView):
    template_name = "funding/fund_update.html"
    form_class = FundUpdateForm

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_run_fund(request.user, self.get_fund()):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        fund = self.get_fund()
        return {
            "budget": fund.budget,
            "priorities_meeting": fund.priorities_meeting_id,
            "report_due_weeks": fund.report_due_weeks,
            "low_balance_percent": fund.low_balance_percent,
        }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.place, "fund": self.get_fund()}

    def get_context_data(self, **kwargs):
        kwargs["fund"] = self.get_fund()
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        fund = self.get_fund()
        try:
            services.fund_update(
                place=self.place, actor=self.request.user, fund=fund, **form.cleaned_data
            )
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The fund is updated."))
        return redirect(fund.get_absolute_url())


class FundApplyView(FundMixin, PlacePermissionMixin, FormView):
    """Apply in two steps: the amount first, then the questions for that amount."""

    permission = "apply_for_funding"
    template_name = "funding/fund_apply.html"
    form_class = FundApplicationForm

    def amount(self):
        raw = self.request.POST.get("amount_requested") or self.request.GET.get("amount")
        try:
            return Decimal(raw) if raw else None
        except (ArithmeticError, ValueError):
            return None

    def get(self, request, *args, **kwargs):
        self.get_fund()
        if self.amount() is None:
            return self.render_to_response(self.get_context_data(step="amount"))
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        initial = {"amount_requested": self.amount()}
        proposal_id = self.request.GET.get("proposal", "")
        if proposal_id.isdigit():
            initial["proposal"] = int(proposal_id)
        return initial

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "place": self.place,
            "user": self.request.user,
            "fund": self.get_fund(),
            "long_form": not services.is_short_form(self.amount()),
        }

    def get_context_data(self, **kwargs):
        kwargs["fund"] = self.get_fund()
        kwargs["short_form_limit"] = SHORT_FORM_LIMIT
        kwargs["long_form"] = not services.is_short_form(self.amount())
        kwargs["proposal_id"] = self.request.GET.get("proposal", "")
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        try:
            application = services.fund_application_create(
                place=self.place,
                actor=self.request.user,
                fund=self.get_fund(),
                **form.cleaned_data,
            )
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Your application is saved as a draft. Check it, then send it.")
        )
        return redirect(application.bid.get_absolute_url())


class FundApplicationMixin(FundingPage):
    model = FundApplication
    needs = "run"  # or "applicant"

    def get_application(self):
        if not hasattr(self, "_application"):
            self._application = selectors.get_fund_application_for(
                self.request.user, self.place, self.kwargs["pk"]
            )
            if self._application is None:
                raise Http404
        return self._application

    def dispatch(self, request, *args, **kwargs):
        application = self.get_application()
        if self.needs == "run":
            allowed = permissions.can_run_fund(request.user, application.fund)
        else:
            allowed = permissions.can_act_as_applicant(request.user, self.place, application.bid)
        if not allowed:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs["application"] = self.get_application()
        kwargs["bid"] = self.get_application().bid
        return super().get_context_data(**kwargs)

    def done(self, message):
        messages.success(self.request, message)
        return redirect(self.get_application().bid.get_absolute_url())


class FundApplicationFormView(FundApplicationMixin, FormView):
    template_name = "funding/fund_application_form.html"
    heading = ""
    button = ""
    service = None
    success = ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.form_class in (FundScheduleForm,):
            kwargs["fund"] = self.get_application().fund
            kwargs["place"] = self.place
        if self.form_class is FundDecisionForm:
            kwargs["application"] = self.get_application()
            kwargs["place"] = self.place
        return kwargs

    def get_context_data(self, **kwargs):
        kwargs["heading"] = self.heading
        kwargs["button"] = self.button
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        try:
            self.service(
                place=self.place,
                actor=self.request.user,
                application=self.get_application(),
                **form.cleaned_data,
            )
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        return self.done(self.success)


class FundScheduleView(FundApplicationFormView):
    form_class = FundScheduleForm
    heading = _lazy("Put the application on a meeting's agenda")
    button = _lazy("Add to the agenda")
    service = staticmethod(services.fund_application_schedule)
    success = _lazy("The application is on the meeting's agenda; the group has been told.")


class FundDecideView(FundApplicationFormView):
    form_class = FundDecisionForm
    heading = _lazy("Record the board's decision")
    button = _lazy("Record the decision")
    service = staticmethod(services.fund_application_decide)
    success = _lazy("The decision is recorded in the minutes; the group has been told.")


class FundPaymentView(FundApplicationFormView):
    form_class = FundPaymentForm
    heading = _lazy("Record a payment")
    button = _lazy("Record the payment")
    service = staticmethod(services.fund_payment_record)
    success = _lazy("The payment is recorded.")


class GrantWithdrawView(FundApplicationFormView):
    form_class = GrantWithdrawForm
    heading = _lazy("Withdraw the grant")
    button = _lazy("Withdraw the grant")
    service = staticmethod(services.fund_grant_withdraw)
    success = _lazy("The grant is withdrawn; what was not paid is back in the fund.")


class GrantReportView(FundApplicationFormView):
    needs = "applicant"
    form_class = GrantReportForm
    heading = _lazy("Tell the board what the money did")
    button = _lazy("Send the report")
    service = staticmethod(services.grant_report_submit)
    success = _lazy("Thank you: your report is on the fund's public page.")
