"""Commissioning pages: public tender lists, timelines, co-design and awards (no sign-in needed), and
the forms officers and charities use. Views fetch through the place and call services; nothing more.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, TemplateView

from coordination.accounts.permissions import can
from coordination.csvfiles import csv_text
from coordination.errors import RuleViolation, add_to_form
from coordination.organisations.models import Organisation, OrganisationKind
from coordination.places.mixins import PlaceMixin, get_object_or_404_in_place

from . import ocds, selectors, services
from .forms import (
    AnswerForm,
    AwardForm,
    CommentForm,
    CommentResponseForm,
    ConfirmForm,
    CriterionForm,
    DemandPeriodForm,
    FeedbackForm,
    InvitationForm,
    LotForm,
    OrganisationChoiceForm,
    QuestionForm,
    ScoreForm,
    SectionForm,
    SectionReviseForm,
    SessionForm,
    StageChangeForm,
    SubmissionForm,
    TenderForm,
    TenderUpdateForm,
)
from .models import (
    LIVE_STAGES,
    CoDesignSession,
    Criterion,
    Lot,
    Stage,
    Submission,
    SubmissionStatus,
)
from .permissions import (
    acting_organisation_ids,
    acting_organisations,
    can_run_tender,
    councils_run_by,
)


def _deny(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


# Public pages


class TenderListView(PlaceMixin, TemplateView):
    template_name = "commissioning/tender_list.html"

    def get_context_data(self, **kwargs):
        tenders = list(selectors.tenders_in_place(self.place))
        kwargs["open_tenders"] = [t for t in tenders if t.stage in (Stage.OPEN, Stage.EVALUATION)]
        kwargs["upcoming_tenders"] = [t for t in tenders if selectors.is_upcoming(t)]
        kwargs["closed_tenders"] = [t for t in tenders if t.stage not in LIVE_STAGES]
        kwargs["can_create"] = councils_run_by(self.request.user, self.place).exists()
        return super().get_context_data(**kwargs)


class TenderMixin(PlaceMixin):
    def get_tender(self):
        if not hasattr(self, "_tender"):
            self._tender = get_object_or_404_in_place(
                selectors.tenders_in_place(self.place), pk=self.kwargs["pk"]
            )
        return self._tender

    def get_context_data(self, **kwargs):
        tender = self.get_tender()
        kwargs["tender"] = tender
        kwargs["can_run"] = can_run_tender(self.request.user, self.place, tender)
        return super().get_context_data(**kwargs)


class TenderDetailView(TenderMixin, TemplateView):
    template_name = "commissioning/tender_detail.html"

    def get(self, request, *args, **kwargs):
        services.invitation_mark_viewed(
            place=self.place, user=request.user, tender=self.get_tender()
        )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        tender = self.get_tender()
        user = self.request.user
        mine = acting_organisation_ids(user, self.place)
        kwargs.update(
            timeline=selectors.timeline(tender),
            lots=selectors.lots_of(tender),
            criteria=selectors.criteria_of(tender),
            award=selectors.award_of(tender),
            counts=selectors.invitation_counts(tender),
            questions=selectors.clarifications_for(user, self.place, tender),
            proportionality=selectors.proportionality(tender),
            can_see_co_design=selectors.can_see_co_design(user, self.place, tender),
            takes_part=bool(mine),
            acting_ids=mine,
            upcoming=selectors.is_upcoming(tender),
            my_submissions=selectors.submissions_visible_to(user, self.place, tender)
            if mine
            else [],
        )
        return super().get_context_data(**kwargs)


class TimelineView(TenderMixin, TemplateView):
    template_name = "commissioning/timeline.html"

    def get_context_data(self, **kwargs):
        kwargs["timeline"] = selectors.timeline(self.get_tender())
        return super().get_context_data(**kwargs)


class CoDesignView(TenderMixin, TemplateView):
    template_name = "commissioning/co_design.html"

    def get_context_data(self, **kwargs):
        tender = self.get_tender()
        user = self.request.user
        if not selectors.can_see_co_design(user, self.place, tender):
            raise PermissionDenied
        sections = selectors.sections_of(tender)
        comments = selectors.comments_for(user, self.place, tender)
        for section in sections:
            section.shown_comments = [
                c for c in comments if c.comment.version.section_id == section.pk
            ]
        members = selectors.co_design_member_ids(tender)
        mine = acting_organisation_ids(user, self.place)
        kwargs.update(
            sections=sections,
            sessions=selectors.sessions_of(tender),
            member_count=len(members),
            can_comment=tender.co_design_is_open and bool(mine & members),
            can_join=tender.stage in (Stage.PIPELINE, Stage.CO_DESIGN) and bool(mine - members),
            unanswered=selectors.unanswered_comment_count(tender),
            you_said_rows=selectors.you_said_we_did(user, self.place, tender),
        )
        return super().get_context_data(**kwargs)


class SectionHistoryView(PlaceMixin, TemplateView):
    template_name = "commissioning/section_history.html"

    def get_context_data(self, **kwargs):
        section = selectors.get_section(self.place, self.kwargs["pk"])
        if section is None:
            raise Http404
        if not selectors.can_see_co_design(self.request.user, self.place, section.tender):
            raise PermissionDenied
        versions = list(section.versions.order_by("number"))
        changes = [
            (newer, selectors.version_diff(older, newer))
            for older, newer in zip(versions, versions[1:], strict=False)
        ]
        kwargs.update(section=section, tender=section.tender, versions=versions, changes=changes)
        return super().get_context_data(**kwargs)


class FiguresView(PlaceMixin, TemplateView):
    template_name = "commissioning/figures.html"

    def get_context_data(self, **kwargs):
        kwargs["figures"] = selectors.commissioner_figures(self.place)
        kwargs["awards"] = selectors.awards_in_place(self.place)
        kwargs["co_design_summaries"] = selectors.published_co_design(self.place)
        return super().get_context_data(**kwargs)


def ocds_release_package(request, place_slug):
    """The place's tenders as an OCDS 1.1.5 release package (open data; no sign-in).

    A place with no tenders has no releases, and OCDS 1.1's release package must hold at least
    one: rather than publish an invalid package, the answer is 204 No Content (with the count in
    an ``OCDS-Releases: 0`` header), as a publisher of bulk files publishes no file until there is
    something in it. Every 200 answer is a valid package.
    """
    place = request.place
    package = ocds.release_package(place, base_url=request.build_absolute_uri("/").rstrip("/"))
    if not package["releases"]:
        response = HttpResponse(status=204)
        response["OCDS-Releases"] = "0"
        return response
    response = JsonResponse(package, json_dumps_params={"indent": 2})
    response["OCDS-Releases"] = str(len(package["releases"]))
    response["Content-Disposition"] = f'inline; filename="{place.slug}-ocds.json"'
    return response


def ocds_csv(request, place_slug):
    """The place's contracting processes as a table: one row per tender, as in the OCDS package."""
    place = request.place
    rows = ocds.csv_rows(place, selectors.tenders_in_place(place), selectors.awards_in_place(place))
    body = csv_text(ocds.CSV_COLUMNS, rows)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{place.slug}-tenders.csv"'
    return response


# Forms: one thing per page


class ActionView(PlaceMixin, FormView):
    """A form about one object of this place. Subclasses say who may use it and what it does."""

    template_name = "commissioning/form.html"
    heading = ""
    button = gettext_lazy("Save")
    success_message = ""
    lookup = None  # a function (place, pk) -> object or None

    def get_object(self):
        if not hasattr(self, "_object"):
            obj = self.lookup(self.place, self.kwargs["pk"])
            if obj is None:
                raise Http404
            self._object = obj
        return self._object

    def tender(self):
        return self.get_object()

    def allowed(self):
        return can_run_tender(self.request.user, self.place, self.tender())

    def dispatch(self, request, *args, **kwargs):
        self.get_object()  # another place's or a missing id: 404 before anything else
        if not self.allowed():
            return _deny(request)
        return super().dispatch(request, *args, **kwargs)

    def get_heading(self):
        return self.heading

    def get_context_data(self, **kwargs):
        kwargs.update(
            tender=self.tender(),
            heading=self.get_heading(),
            button=self.button,
            back_url=self.tender().get_absolute_url(),
        )
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        self.valid_form = form
        try:
            url = self.perform(form.cleaned_data)
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect(url or self.tender().get_absolute_url())

    def co_design_url(self):
        return reverse(
            "places:commissioning:co_design",
            kwargs={"place_slug": self.place.slug, "pk": self.tender().pk},
        )


class TenderCreateView(PlaceMixin, FormView):
    template_name = "commissioning/tender_form.html"
    form_class = TenderForm

    def dispatch(self, request, *args, **kwargs):
        if not can(request.user, request.place, "run_tenders"):
            return _deny(request)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "place": self.place,
            "councils": councils_run_by(self.request.user, self.place),
        }

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            tender = services.tender_create(place=self.place, actor=self.request.user, **data)
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Tender %(ref)s added.") % {"ref": tender.reference})
        return redirect(tender.get_absolute_url())


class TenderUpdateView(ActionView):
    template_name = "commissioning/tender_form.html"
    form_class = TenderUpdateForm
    lookup = staticmethod(selectors.get_tender)

    def get_form_kwargs(self):
        tender = self.tender()
        initial = {
            name: getattr(tender, name)
            for name in TenderUpdateForm.base_fields
            if name not in ("themes", "areas", "commissioner")
        }
        initial["themes"] = list(tender.themes.all())
        initial["areas"] = list(tender.areas.all())
        return {
            **super().get_form_kwargs(),
            "place": self.place,
            "councils": Organisation.objects.none(),
            "initial": initial,
        }

    def perform(self, data):
        services.tender_update(
            place=self.place, actor=self.request.user, tender=self.tender(), **data
        )
        messages.success(self.request, _("Tender updated."))


class StageChangeView(ActionView):
    form_class = StageChangeForm
    lookup = staticmethod(selectors.get_tender)
    heading = gettext_lazy("Change the tender’s stage")
    button = gettext_lazy("Change stage")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "tender": self.tender()}

    def perform(self, data):
        tender = services.tender_change_stage(
            place=self.place, actor=self.request.user, tender=self.tender(), **data
        )
        messages.success(
            self.request,
            _("The tender is now at: %(stage)s.") % {"stage": tender.get_stage_display()},
        )


class SectionAddView(ActionView):
    form_class = SectionForm
    lookup = staticmethod(selectors.get_tender)
    heading = gettext_lazy("Add a specification section")
    button = gettext_lazy("Add section")

    def perform(self, data):
        services.section_add(
            place=self.place, actor=self.request.user, tender=self.tender(), **data
        )
        return self.co_design_url()


class SectionReviseView(ActionView):
    form_class = SectionReviseForm
    lookup = staticmethod(selectors.get_section)
    button = gettext_lazy("Save new version")

    def tender(self):
        return self.get_object().tender

    def get_heading(self):
        return _("Revise “%(heading)s”") % {"heading": self.get_object().heading}

    def get_initial(self):
        current = services.latest_version(self.get_object())
        return {"body": current.body if current else ""}

    def perform(self, data):
        services.section_revise(
            place=self.place, actor=self.request.user, section=self.get_object(), **data
        )
        return self.co_design_url()


class CoDesignJoinView(ActionView):
    form_class = OrganisationChoiceForm
    lookup = staticmethod(selectors.get_tender)
    heading = gettext_lazy("Join the co-design group")
    button = gettext_lazy("Join")

    def allowed(self):
        return bool(acting_organisation_ids(self.request.user, self.place))

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "organisations": acting_organisations(self.request.user, self.place),
        }

    def perform(self, data):
        services.co_design_join(
            place=self.place, actor=self.request.user, tender=self.tender(), **data
        )
        messages.success(self.request, _("You are in the co-design group."))
        return self.co_design_url()


class CommentCreateView(ActionView):
    form_class = CommentForm
    lookup = staticmethod(selectors.get_section)
    button = gettext_lazy("Send comment")

    def tender(self):
        return self.get_object().tender

    def allowed(self):
        return bool(acting_organisation_ids(self.request.user, self.place))

    def get_heading(self):
        return _("Comment on “%(heading)s”") % {"heading": self.get_object().heading}

    def get_form_kwargs(self):
        members = selectors.co_design_member_ids(self.tender())
        return {
            **super().get_form_kwargs(),
            "organisations": acting_organisations(self.request.user, self.place).filter(
                pk__in=members
            ),
        }

    def perform(self, data):
        version = services.latest_version(self.get_object())
        services.comment_add(place=self.place, actor=self.request.user, version=version, **data)
        messages.success(self.request, _("Comment sent. The commissioner will answer it."))
        return self.co_design_url()


class CommentRespondView(ActionView):
    form_class = CommentResponseForm
    lookup = staticmethod(selectors.get_comment)
    heading = gettext_lazy("Answer a co-design comment")
    button = gettext_lazy("Publish answer")

    def tender(self):
        return self.get_object().version.section.tender

    def get_context_data(self, **kwargs):
        kwargs["quote"] = self.get_object().body
        return super().get_context_data(**kwargs)

    def perform(self, data):
        services.comment_respond(
            place=self.place, actor=self.request.user, comment=self.get_object(), **data
        )
        return self.co_design_url()


class SessionAddView(ActionView):
    form_class = SessionForm
    lookup = staticmethod(selectors.get_tender)
    heading = gettext_lazy("Record a co-design session")
    button = gettext_lazy("Record session")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "place": self.place,
            "organisations": Organisation.objects.filter(places=self.place)
            .exclude(kind=OrganisationKind.COUNCIL)
            .order_by("name"),
        }

    def perform(self, data):
        services.session_record(
            place=self.place, actor=self.request.user, tender=self.tender(), **data
        )
        return self.co_design_url()


class CriterionAddView(ActionView):
    form_class = CriterionForm
    lookup = staticmethod(selectors.get_tender)
    heading = gettext_lazy("Publish an evaluation criterion")
    button = gettext_lazy("Add criterion")

    def perform(self, data):
        services.criterion_add(
            place=self.place, actor=self.request.user, tender=self.tender(), **data
        )


class LotAddView(ActionView):
    form_class = LotForm
    lookup = staticmethod(selectors.get_tender)
    heading = gettext_lazy("Add a lot")
    button = gettext_lazy("Add lot")

    def perform(self, data):
        services.lot_add(place=self.place, actor=self.request.user, tender=self.tender(), **data)


class LotUpdateView(ActionView):
    model = Lot  # what the pk names (for the isolation walk)
    form_class = LotForm
    lookup = staticmethod(selectors.get_lot)
    heading = gettext_lazy("Change a lot")
    button = gettext_lazy("Save lot")

    def tender(self):
        return self.get_object().tender

    def get_initial(self):
        lot = self.get_object()
        return {
            "title": lot.title,
            "description": lot.description,
            "estimated_value": lot.estimated_value,
        }

    def perform(self, data):
        services.lot_update(
            place=self.place, actor=self.request.user, lot=self.get_object(), **data
        )
        messages.success(self.request, _("Lot updated."))


class LotRemoveView(ActionView):
    model = Lot  # what the pk names (for the isolation walk)
    form_class = ConfirmForm
    lookup = staticmethod(selectors.get_lot)
    button = gettext_lazy("Remove lot")

    def tender(self):
        return self.get_object().tender

    def get_heading(self):
        return _("Remove the lot “%(title)s”?") % {"title": self.get_object().title}

    def perform(self, data):
        services.lot_remove(place=self.place, actor=self.request.user, lot=self.get_object())
        messages.success(self.request, _("Lot removed."))


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

    def perform(self, data):
        services.criterion_update(
            place=self.place, actor=self.request.user, criterion=self.get_object(), **data
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

    def perform(self, data):
        services.criterion_remove(
            place=self.place, actor=self.request.user, criterion=self.get_object()
        )
        messages.success(self.request, _("Criterion removed."))


class SessionUpdateView(SessionAddView):
    model = CoDesignSession  # what the pk names (for the isolation walk)
    lookup = staticmethod(selectors.get_session)
    heading = gettext_lazy("Change a co-design session and who came")
    button = gettext_lazy("Save session")

    def tender(self):
        return self.get_object().tender

    def get_initial(self):
        session = self.get_object()
        return {
            "title": session.title,
            "held_at": session.held_at,
            "notes": session.notes,
            "attendees": list(session.attendees.all()),
        }

    def perform(self, data):
        services.session_update(
            place=self.place, actor=self.request.user, session=self.get_object(), **data
        )
        messages.success(self.request, _("Session updated."))
        return self.co_design_url()


class DemandPeriodAddView(ActionView):
    form_class = DemandPeriodForm
    lookup = staticmethod(selectors.get_tender)
    heading = gettext_lazy("Add demand and value for a contract")
    button = gettext_lazy("Add")

    def perform(self, data):
        services.demand_period_add(
            place=self.place, actor=self.request.user, tender=self.tender(), **data
        )


class InvitationView(ActionView):
    template_name = "commissioning/invitations.html"
    form_class = InvitationForm
    lookup = staticmethod(selectors.get_tender)
    button = gettext_lazy("Send invitations")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "organisations": selectors.invitable_organisations(self.place, self.tender()),
        }

    def get_context_data(self, **kwargs):
        tender = self.tender()
        kwargs.update(
            suggestions=selectors.suggested_organisations(self.place, tender),
            invitations=selectors.invitations_of(tender),
            counts=selectors.invitation_counts(tender),
        )
        return super().get_context_data(**kwargs)

    def perform(self, data):
        sent = services.invitations_send(
            place=self.place, actor=self.request.user, tender=self.tender(), **data
        )
        messages.success(
            self.request,
            ngettext(
                "%(n)d invitation sent by email and in InPlace.",
                "%(n)d invitations sent by email and in InPlace.",
                len(sent),
            )
            % {"n": len(sent)},
        )
        return self.request.path


class InterestView(ActionView):
    form_class = OrganisationChoiceForm
    lookup = staticmethod(selectors.get_tender)
    heading = gettext_lazy("Register interest")
    button = gettext_lazy("Register interest")

    def allowed(self):
        return bool(acting_organisation_ids(self.request.user, self.place))

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "organisations": acting_organisations(self.request.user, self.place),
        }

    def perform(self, data):
        services.interest_register(
            place=self.place, actor=self.request.user, tender=self.tender(), **data
        )
        messages.success(
            self.request, _("Interest registered: you will hear of deadlines and answers.")
        )


class QuestionAskView(ActionView):
    form_class = QuestionForm
    lookup = staticmethod(selectors.get_tender)
    heading = gettext_lazy("Ask a question")
    button = gettext_lazy("Send question")

    def allowed(self):
        return bool(acting_organisation_ids(self.request.user, self.place))

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "organisations": acting_organisations(self.request.user, self.place),
        }

    def perform(self, data):
        services.clarification_ask(
            place=self.place, actor=self.request.user, tender=self.tender(), **data
        )
        messages.success(self.request, _("Question sent. The answer will be published here."))


class AnswerView(ActionView):
    form_class = AnswerForm
    lookup = staticmethod(selectors.get_clarification)
    heading = gettext_lazy("Answer a question")
    button = gettext_lazy("Publish answer")

    def tender(self):
        return self.get_object().tender

    def get_context_data(self, **kwargs):
        kwargs["quote"] = self.get_object().question
        return super().get_context_data(**kwargs)

    def perform(self, data):
        services.clarification_answer(
            place=self.place, actor=self.request.user, clarification=self.get_object(), **data
        )


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
            "leads": acting_organisations(self.request.user, self.place),
            "partners": Organisation.objects.filter(places=self.place)
            .exclude(kind=OrganisationKind.COUNCIL)
            .order_by("name"),
        }

    def get_context_data(self, **kwargs):
        deadline = self.tender().submission_deadline
        if deadline:
            kwargs["hint"] = _("Bids close at %(when)s (%(zone)s time).") % {
                "when": services.local_time(deadline, self.place),
                "zone": self.place.tz.key,
            }
        return super().get_context_data(**kwargs)

    def perform(self, data):
        submission = services.submission_submit(
            place=self.place, actor=self.request.user, tender=self.tender(), **data
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
            return _deny(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        submissions = list(
            selectors.submissions_visible_to(self.request.user, self.place, self.get_tender())
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

    def perform(self, data):
        services.scores_record(
            place=self.place,
            actor=self.request.user,
            submission=self.get_object(),
            scores=self.valid_form.scores(),
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

    def perform(self, data):
        services.feedback_give(
            place=self.place, actor=self.request.user, submission=self.get_object(), **data
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

    def perform(self, data):
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
        submissions = Submission.objects.for_place(self.place).filter(
            tender=self.tender(), status=SubmissionStatus.SUBMITTED
        )
        return {**super().get_form_kwargs(), "submissions": submissions.select_related("lead")}

    def perform(self, data):
        services.award_make(place=self.place, actor=self.request.user, tender=self.tender(), **data)
        messages.success(self.request, _("The award is published."))
