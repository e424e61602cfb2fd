"""Applying once: the funder's pages to ask a question or a document on a programme (and to take
either away), a bid's answers, and the documents a bid was submitted with, for its applicant and
the funder deciding it."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from coordination.places.mixins import PlaceMixin
from coordination.service_views import ServiceActionView, ServiceFormMixin
from coordination.uploads import serve_upload

from .. import permissions, selectors, services
from ..application_forms import AnswersForm, QuestionForm, RequirementForm
from ..models import BidDocument, ProgrammeDocumentRequirement, ProgrammeQuestion
from ._common import place_today
from .bids import BidMixin
from .programmes import ProgrammeMixin


class FunderProgrammeMixin(ProgrammeMixin):
    """A programme page only its funder reaches."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.can_manage_programme(request.user, self.place, self.get_programme()):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs["programme"] = self.get_programme()
        return super().get_context_data(**kwargs)

    def done(self, message):
        messages.success(self.request, message)
        return redirect(
            "places:funding:programme_detail",
            place_slug=self.place.slug,
            pk=self.get_programme().pk,
        )


class QuestionAddView(FunderProgrammeMixin, ServiceFormMixin, FormView):
    template_name = "funding/question_form.html"
    form_class = QuestionForm

    def perform(self, form):
        question = services.question_add(
            place=self.place,
            actor=self.request.user,
            programme=self.get_programme(),
            **form.cleaned_data,
        )
        return self.done(_("The programme now asks “%(text)s”.") % {"text": question.text})


class RequirementAddView(FunderProgrammeMixin, ServiceFormMixin, FormView):
    template_name = "funding/requirement_form.html"
    form_class = RequirementForm

    def get_form_kwargs(self):
        asked = selectors.requirements_of(self.get_programme()).values_list("kind", flat=True)
        return {**super().get_form_kwargs(), "asked": set(asked)}

    def perform(self, form):
        requirement = services.requirement_add(
            place=self.place,
            actor=self.request.user,
            programme=self.get_programme(),
            **form.cleaned_data,
        )
        return self.done(
            _("The programme now asks for the %(kind)s.")
            % {"kind": requirement.get_kind_display().lower()}
        )


class _RemoveView(PlaceMixin, ServiceActionView):
    """Take a question or a document off a programme (its funder only; 404 for anyone else)."""

    def get_object(self):
        if not hasattr(self, "_object"):
            found = (
                self.model.objects.filter(pk=self.kwargs["pk"], programme__places=self.place)
                .select_related("programme")
                .first()
            )
            if found is None or not permissions.can_manage_programme(
                self.request.user, self.place, found.programme
            ):
                raise Http404
            self._object = found
        return self._object

    def refused_url(self):
        return reverse(
            "places:funding:programme_detail",
            kwargs={"place_slug": self.place.slug, "pk": self.get_object().programme.pk},
        )


class QuestionRemoveView(_RemoveView):
    model = ProgrammeQuestion

    def act(self):
        question = self.get_object()
        services.question_remove(place=self.place, actor=self.request.user, question=question)
        messages.success(self.request, _("The question is taken off the programme."))
        return redirect(self.refused_url())


class RequirementRemoveView(_RemoveView):
    model = ProgrammeDocumentRequirement

    def act(self):
        requirement = self.get_object()
        services.requirement_remove(
            place=self.place, actor=self.request.user, requirement=requirement
        )
        messages.success(self.request, _("The programme no longer asks for that document."))
        return redirect(self.refused_url())


class BidAnswersView(BidMixin, ServiceFormMixin, FormView):
    """A bid's answers to its programme's questions, for the applicant's leaders."""

    template_name = "funding/bid_answers.html"
    form_class = AnswersForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.can_act_as_applicant(request.user, self.place, self.get_bid()):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        bid = self.get_bid()
        application = selectors.application_of(self.place, bid, self._today())
        return {
            **super().get_form_kwargs(),
            "questions": [row.question for row in application.answers],
            "answers": {row.question.pk: row.text for row in application.answers},
        }

    def _today(self):
        return place_today(self.place)

    def get_context_data(self, **kwargs):
        kwargs["bid"] = self.get_bid()
        return super().get_context_data(**kwargs)

    def perform(self, form):
        bid = self.get_bid()
        services.bid_answers_save(
            place=self.place, actor=self.request.user, bid=bid, answers=form.answers()
        )
        messages.success(self.request, _("Your answers are saved."))
        return redirect(bid.get_absolute_url())


class BidDocumentDownloadView(PlaceMixin, View):
    """A document a bid was submitted with: its applicant's people and its funder's, nobody else."""

    model = BidDocument
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        link = selectors.bid_document_for(request.user, self.place, self.kwargs["pk"])
        if link is None:
            raise Http404
        document = link.document
        return serve_upload(
            document.file, filename=document.original_name, content_type=document.content_type
        )
