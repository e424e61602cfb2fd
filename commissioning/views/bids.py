"""Criteria, bids and the award: the published evaluation criteria, submitting and withdrawing a
bid, the bids an officer scores, feedback to unsuccessful bidders and the award decision."""

from django.contrib import messages
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from coordination.places.mixins import PlaceMixin

from .. import selectors, services
from ..forms import AwardForm, ConfirmForm, CriterionForm, FeedbackForm, ScoreForm, SubmissionForm
from ..models import Criterion, Stage, Submission
from ..permissions import acting_organisation_ids, acting_organisations, can_run_tender
from ._base import ActionView, TenderMixin, deny


class CriterionAddView(ActionView):
    form_class = CriterionForm
    lookup = staticmethod(selectors.get_tender)
    heading = gettext_lazy("Publish an evaluation criterion")
    button = gettext_lazy("Add criterion")

    def call_service(self, form):
        services.criterion_add(
            place=self.place, actor=self.request.user, tender=self.tender(), **form.cleaned_data
        )


class CriterionUpdateView(ActionView):
    model = Criterion  # what the pk names (for the isolation walk)
    form_class = CriterionForm
    lookup = staticmethod(selectors.get_criterion)
    heading = gettext_lazy("Change an evaluation criterion")
    button = gettext_lazy("Save criterion")

    def tender(self):
        return self.get_object().tender

    def get_initial(self):
        criterion = self.get_object()
        return {
            "title": criterion.title,
            "weight": criterion.weight,
            "description": criterion.description,
        }

    def call_service(self, form):
        services.criterion_update(
            place=self.place,
            actor=self.request.user,
            criterion=self.get_object(),
            **form.cleaned_data,
        )
        messages.success(self.request, _("Criterion updated."))


class CriterionRemoveView(ActionView):
    model = Criterion  # what the pk names (for the isolation walk)
    form_class = ConfirmForm
    lookup = staticmethod(selectors.get_criterion)
    button = gettext_lazy("Remove criterion")

    def tender(self):
        return self.get_object().tender

    def get_heading(self):
        return _("Remove the criterion “%(title)s”?") % {"title": self.get_object().title}

    def call_service(self, form):
        services.criterion_remove(
            place=self.place, actor=self.request.user, criterion=self.get_object()
        )
        messages.success(self.request, _("Criterion removed."))


class SubmitView(ActionView):
    form_class = SubmissionForm
    lookup = staticmethod(selectors.get_tender)
    heading = gettext_lazy("Submit a bid")
    button = gettext_lazy("Submit bid")

    def allowed(self):
        return bool(acting_organisation_ids(self.request.user, self.place))

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "place": self.place,
            "leads": acting_organisations(self.request.user, self.place),
            "partners": selectors.organisations_taking_part(self.place),
        }

    def get_context_data(self, **kwargs):
        deadline = self.tender().submission_deadline
        if deadline:
            kwargs["hint"] = _("Bids close at %(when)s (%(zone)s time).") % {
                "when": services.local_time(deadline, self.place),
                "zone": self.place.tz.key,
            }
        return super().get_context_data(**kwargs)

    def call_service(self, form):
        submission = services.submission_submit(
            place=self.place, actor=self.request.user, tender=self.tender(), **form.cleaned_data
        )
        messages.success(self.request, _("Your bid is in."))
        return reverse(
            "places:commissioning:submission_detail",
            kwargs={"place_slug": self.place.slug, "pk": submission.pk},
        )


class SubmissionListView(TenderMixin, TemplateView):
    template_name = "commissioning/submission_list.html"

    def dispatch(self, request, *args, **kwargs):
        tender = self.get_tender()
        if not can_run_tender(request.user, request.place, tender):
            return deny(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        tender = self.get_tender()
        # Sealed until the deadline: the team sees how many bids came in, and nothing of them.
        kwargs["bids_sealed"] = selectors.bids_are_sealed(tender)
        kwargs["bids_count"] = selectors.bids_received(tender)
        submissions = []
        if not kwargs["bids_sealed"]:
            submissions = list(
                selectors.submissions_visible_to(self.request.user, self.place, tender)
            )
        for submission in submissions:
            submission.total = selectors.weighted_total(submission)
        kwargs["submissions"] = submissions
        return super().get_context_data(**kwargs)


def _visible_submission(view):
    submission = selectors.get_submission_for(view.request.user, view.place, view.kwargs["pk"])
    if submission is None:
        # The same answer for "no such bid", "another place's" and "not yours to see".
        raise Http404
    return submission


class SubmissionDetailView(PlaceMixin, TemplateView):
    template_name = "commissioning/submission_detail.html"

    def get_context_data(self, **kwargs):
        submission = _visible_submission(self)
        tender = submission.tender
        kwargs.update(
            submission=submission,
            tender=tender,
            can_run=can_run_tender(self.request.user, self.place, tender),
            scores=selectors.scores_of(submission),
            total=selectors.weighted_total(submission),
            partners=submission.partners.order_by("name"),
            can_withdraw=tender.stage == Stage.OPEN
            and selectors.bids_are_sealed(tender)
            and submission.lead_id in acting_organisation_ids(self.request.user, self.place),
        )
        return super().get_context_data(**kwargs)


class ScoreView(ActionView):
    form_class = ScoreForm
    heading = gettext_lazy("Score a bid")
    button = gettext_lazy("Save scores")

    def lookup(self, place, pk):
        return _visible_submission(self)

    def tender(self):
        return self.get_object().tender

    def get_form_kwargs(self):
        submission = self.get_object()
        return {
            **super().get_form_kwargs(),
            "criteria": selectors.criteria_of(self.tender()),
            "scores": {s.criterion_id: s for s in submission.scores.all()},
        }

    def call_service(self, form):
        services.scores_record(
            place=self.place,
            actor=self.request.user,
            submission=self.get_object(),
            scores=form.scores(),
        )
        return reverse(
            "places:commissioning:submission_list",
            kwargs={"place_slug": self.place.slug, "pk": self.tender().pk},
        )


class FeedbackView(ScoreView):
    form_class = FeedbackForm
    heading = gettext_lazy("Feedback to an unsuccessful bidder")
    button = gettext_lazy("Send feedback")

    def get_form_kwargs(self):
        return FormView.get_form_kwargs(self)

    def call_service(self, form):
        services.feedback_give(
            place=self.place,
            actor=self.request.user,
            submission=self.get_object(),
            **form.cleaned_data,
        )
        return reverse(
            "places:commissioning:submission_detail",
            kwargs={"place_slug": self.place.slug, "pk": self.get_object().pk},
        )


class WithdrawView(ActionView):
    model = Submission  # what the pk names (for the isolation walk)
    form_class = ConfirmForm
    heading = gettext_lazy("Withdraw this bid?")
    button = gettext_lazy("Withdraw the bid")

    def lookup(self, place, pk):
        return _visible_submission(self)

    def tender(self):
        return self.get_object().tender

    def allowed(self):
        return self.get_object().lead_id in acting_organisation_ids(self.request.user, self.place)

    def get_context_data(self, **kwargs):
        kwargs["hint"] = _("You can submit a new bid afterwards, until bids close.")
        return super().get_context_data(**kwargs)

    def call_service(self, form):
        services.submission_withdraw(
            place=self.place, actor=self.request.user, submission=self.get_object()
        )
        messages.success(self.request, _("Your bid is withdrawn."))


class AwardView(ActionView):
    form_class = AwardForm
    lookup = staticmethod(selectors.get_tender)
    heading = gettext_lazy("Award the contract")
    button = gettext_lazy("Publish the award")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "submissions": selectors.awardable_submissions(self.tender()),
        }

    def call_service(self, form):
        services.award_make(
            place=self.place, actor=self.request.user, tender=self.tender(), **form.cleaned_data
        )
        messages.success(self.request, _("The award is published."))
