"""Invitations, interest and questions: the officers' invitations page (with suggestions from the
map of services), an invited organisation saying it has seen its invitation, registering interest,
asking a question and answering it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from coordination.places.mixins import PlaceMixin
from coordination.service_views import ServiceActionView

from .. import selectors, services
from ..forms import (
    AnswerForm,
    InvitationForm,
    InvitationSearchForm,
    OrganisationChoiceForm,
    QuestionForm,
)
from ..models import TenderInvitation
from ..permissions import can_act_for
from ._base import ActingOrganisationView, ActionView, deny


class InvitationView(ActionView):
    """The officers' invitations page. Locally embedded organisations are suggested, with their
    reasons, and offered first; any other organisation working here is offered only once an officer
    searches for it by name (``?q=``), to choose it on purpose."""

    template_name = "commissioning/invitations.html"
    form_class = InvitationForm
    lookup = staticmethod(selectors.get_tender)
    button = gettext_lazy("Send invitations")

    def suggestions(self):
        if not hasattr(self, "_suggestions"):
            self._suggestions = selectors.suggested_organisations(self.place, self.tender())
        return self._suggestions

    def search(self):
        if not hasattr(self, "_search"):
            self.search_form = InvitationSearchForm(self.request.GET or None)
            query = self.search_form.cleaned_data["q"] if self.search_form.is_valid() else ""
            suggested = [s.organisation.pk for s in self.suggestions()]
            self.query = query
            self._search = selectors.invitation_search(
                self.place, self.tender(), query, exclude=suggested
            )
        return self._search

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "organisations": selectors.invitable_organisations(self.place, self.tender()),
            "offered": [s.organisation for s in self.suggestions()] + self.search(),
        }

    def get_context_data(self, **kwargs):
        tender = self.tender()
        self.search()
        kwargs.update(
            suggestions=self.suggestions(),
            found=self._search,
            query=self.query,
            search_form=self.search_form,
            invitations=selectors.invitations_of(tender),
        )
        return super().get_context_data(**kwargs)

    def call_service(self, form):
        sent = services.invitations_send(
            place=self.place, actor=self.request.user, tender=self.tender(), **form.cleaned_data
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
        return self.request.get_full_path()


class InvitationAcknowledgeView(PlaceMixin, ServiceActionView):
    """The button on the tender page with which an invited organisation says it has seen its
    invitation. Only this POST records it: looking at the tender records nothing."""

    model = TenderInvitation  # what the pk names (for the isolation walk)

    def dispatch(self, request, *args, **kwargs):
        self.invitation = selectors.get_invitation(self.place, kwargs["pk"])
        if self.invitation is None:
            raise Http404
        if not can_act_for(request.user, self.place, self.invitation.organisation):
            return deny(request)
        return super().dispatch(request, *args, **kwargs)

    def act(self):
        services.invitation_acknowledge(
            place=self.place, actor=self.request.user, invitation=self.invitation
        )
        messages.success(
            self.request,
            _("Thank you: the commissioner can see that %(org)s has seen the invitation.")
            % {"org": self.invitation.organisation.name},
        )
        return redirect(self.refused_url())

    def refused_url(self):
        # Recorded or refused, the person goes back to the tender they were reading.
        return self.invitation.tender.get_absolute_url()


class InterestView(ActingOrganisationView):
    form_class = OrganisationChoiceForm
    lookup = staticmethod(selectors.get_tender)
    heading = gettext_lazy("Register interest")
    button = gettext_lazy("Register interest")

    def call_service(self, form):
        services.interest_register(
            place=self.place, actor=self.request.user, tender=self.tender(), **form.cleaned_data
        )
        messages.success(
            self.request, _("Interest registered: you will hear of deadlines and answers.")
        )


class QuestionAskView(ActingOrganisationView):
    form_class = QuestionForm
    lookup = staticmethod(selectors.get_tender)
    heading = gettext_lazy("Ask a question")
    button = gettext_lazy("Send question")

    def call_service(self, form):
        services.clarification_ask(
            place=self.place, actor=self.request.user, tender=self.tender(), **form.cleaned_data
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

    def call_service(self, form):
        services.clarification_answer(
            place=self.place,
            actor=self.request.user,
            clarification=self.get_object(),
            **form.cleaned_data,
        )
