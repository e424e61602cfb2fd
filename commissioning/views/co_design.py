"""Co-design pages: the specification with its comments and sessions, a section's history, and the
forms to add and revise sections, join the group, comment, answer, and record sessions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from coordination.places.mixins import PlaceMixin

from .. import selectors, services
from ..forms import (
    CommentForm,
    CommentResponseForm,
    OrganisationChoiceForm,
    SectionForm,
    SectionReviseForm,
    SessionForm,
)
from ..models import CoDesignSession, Stage
from ..permissions import acting_organisation_ids, acting_organisations
from ._base import ActingOrganisationView, ActionView, TenderMixin


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
        versions, changes = selectors.section_history(section)
        kwargs.update(section=section, tender=section.tender, versions=versions, changes=changes)
        return super().get_context_data(**kwargs)


class SectionAddView(ActionView):
    form_class = SectionForm
    lookup = staticmethod(selectors.get_tender)
    heading = gettext_lazy("Add a specification section")
    button = gettext_lazy("Add section")

    def call_service(self, form):
        services.section_add(
            place=self.place, actor=self.request.user, tender=self.tender(), **form.cleaned_data
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
        current = selectors.latest_version(self.get_object())
        return {"body": current.body if current else ""}

    def call_service(self, form):
        services.section_revise(
            place=self.place,
            actor=self.request.user,
            section=self.get_object(),
            **form.cleaned_data,
        )
        return self.co_design_url()


class CoDesignJoinView(ActingOrganisationView):
    form_class = OrganisationChoiceForm
    lookup = staticmethod(selectors.get_tender)
    heading = gettext_lazy("Join the co-design group")
    button = gettext_lazy("Join")

    def call_service(self, form):
        services.co_design_join(
            place=self.place, actor=self.request.user, tender=self.tender(), **form.cleaned_data
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

    def call_service(self, form):
        version = selectors.latest_version(self.get_object())
        services.comment_add(
            place=self.place, actor=self.request.user, version=version, **form.cleaned_data
        )
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

    def call_service(self, form):
        services.comment_respond(
            place=self.place,
            actor=self.request.user,
            comment=self.get_object(),
            **form.cleaned_data,
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
            "organisations": selectors.organisations_taking_part(self.place),
        }

    def call_service(self, form):
        services.session_record(
            place=self.place, actor=self.request.user, tender=self.tender(), **form.cleaned_data
        )
        return self.co_design_url()


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

    def call_service(self, form):
        services.session_update(
            place=self.place,
            actor=self.request.user,
            session=self.get_object(),
            **form.cleaned_data,
        )
        messages.success(self.request, _("Session updated."))
        return self.co_design_url()
