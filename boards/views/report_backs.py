"""A subgroup's report-back (submitted by the subgroup) and the parent board's responses to its
recommendations."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .. import permissions, selectors, services
from ..forms import RecommendationResponseForm, ReportBackForm
from ..models import Recommendation, ReportBackStatus
from ._common import BoardsFormView


class ReportBackDetailView(BoardsFormView):
    template_name = "boards/report_back_detail.html"
    form_class = ReportBackForm

    def dispatch(self, request, *args, **kwargs):
        self.report_back = selectors.get_report_back_for(request.place, request.user, kwargs["pk"])
        if self.report_back is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def can_submit(self):
        return (
            self.report_back.status == ReportBackStatus.DUE
            and permissions.can_submit_report_back(self.user, self.report_back)
        )

    def get_context_data(self, **kwargs):
        rb = self.report_back
        kwargs.update(
            report_back=rb,
            subgroup=rb.subgroup,
            meeting=rb.parent_meeting,
            recommendations=rb.recommendations.select_related("responded_by"),
            can_submit=self.can_submit(),
            can_respond=permissions.can_respond_to_report_back(self.user, rb),
            can_see_meeting=permissions.can_see_meeting(self.user, rb.parent_meeting),
        )
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if not self.can_submit():
            return self.deny()
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        services.report_back_submit(
            place=self.place,
            actor=self.user,
            report_back=self.report_back,
            summary=form.cleaned_data["summary"],
            progress=form.cleaned_data["progress"],
            asks=form.cleaned_data["asks"],
            recommendations=form.recommendation_list(),
        )
        messages.success(
            self.request,
            _("Report-back submitted. It is on the agenda of %(meeting)s.")
            % {"meeting": self.report_back.parent_meeting.title},
        )
        return redirect(self.request.path)


class RecommendationRespondView(BoardsFormView):
    template_name = "boards/recommendation_form.html"
    form_class = RecommendationResponseForm

    def dispatch(self, request, *args, **kwargs):
        visible = selectors.report_backs_visible_to(request.place, request.user).values("pk")
        self.recommendation = (
            Recommendation.objects.for_place(request.place)
            .filter(pk=kwargs["pk"], report_back__in=visible)
            .select_related("report_back__subgroup", "report_back__parent_meeting__board")
            .first()
        )
        if self.recommendation is None:
            raise Http404
        if not permissions.can_respond_to_report_back(
            request.user, self.recommendation.report_back
        ):
            return self.deny()
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        r = self.recommendation
        return {
            "response_status": r.response_status if r.response_status != "pending" else None,
            "response": r.response,
        }

    def get_context_data(self, **kwargs):
        kwargs.update(
            recommendation=self.recommendation, report_back=self.recommendation.report_back
        )
        return super().get_context_data(**kwargs)

    def perform(self, form):
        services.recommendation_respond(
            place=self.place,
            actor=self.user,
            recommendation=self.recommendation,
            **form.cleaned_data,
        )
        messages.success(self.request, _("Response recorded. The subgroup can see it."))
        return redirect(self.recommendation.report_back.get_absolute_url())
