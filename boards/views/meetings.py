"""Pages of a meeting: scheduling, its page, changing and cancelling it, and the public's part
in a public meeting (registering, sending in a question)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from coordination.service_views import ServiceActionView

from .. import permissions, selectors, services
from ..forms import MeetingCancelForm, MeetingForm, QuestionForm
from ..models import MeetingQuestion, MeetingRegistration, MinutesStatus
from ._common import BoardsFormView, BoardsMixin, ManageBoardMixin, ManageMeetingMixin


class MeetingCreateView(ManageBoardMixin, BoardsFormView):
    template_name = "boards/meeting_form.html"
    form_class = MeetingForm

    def get_initial(self):
        return {"is_public": self.board.meets_in_public, "papers_due_days": 5}

    def form_extra_kwargs(self):
        return {"place": self.place}

    def get_context_data(self, **kwargs):
        kwargs["board"] = self.board
        return super().get_context_data(**kwargs)

    def perform(self, form):
        meeting = services.meeting_create(
            place=self.place, actor=self.user, board=self.board, **form.cleaned_data
        )
        messages.success(self.request, _("Meeting scheduled. Now set its agenda."))
        return redirect(meeting.get_absolute_url())


class MeetingDetailView(BoardsMixin, TemplateView):
    template_name = "boards/meeting_detail.html"

    def get_context_data(self, **kwargs):
        meeting = self.meeting_or_404(self.kwargs["pk"])
        board = meeting.board
        can_manage = permissions.can_manage_board(self.user, board)
        insider = permissions.board_insider(self.user, board)
        registered = (
            self.user.is_authenticated
            and MeetingRegistration.objects.for_place(self.place)
            .filter(meeting=meeting, user=self.user)
            .exists()
        )
        kwargs.update(
            meeting=meeting,
            board=board,
            agenda=selectors.agenda_for(meeting, self.user),
            report_backs=selectors.report_backs_due_to(meeting) if insider else [],
            decisions=selectors.decisions_of_meeting(meeting)
            if insider or meeting.is_public
            else [],
            declarations=selectors.declarations_of_meeting(meeting),
            can_declare=not meeting.is_cancelled
            and (can_manage or permissions.has_seat(self.user, board)),
            actions=meeting.actions.select_related("owner", "owner_organisation")
            if insider
            else [],
            attendance=meeting.attendance.select_related("user") if insider else [],
            questions=MeetingQuestion.objects.for_place(self.place)
            .filter(meeting=meeting)
            .select_related("user")
            if can_manage
            else [],
            registrations=MeetingRegistration.objects.for_place(self.place)
            .filter(meeting=meeting)
            .count(),
            registered=registered,
            can_manage=can_manage,
            insider=insider,
            can_take_part=permissions.can_take_part(self.user, self.place),
            minutes_published=meeting.minutes_status == MinutesStatus.PUBLISHED,
            upcoming=meeting.starts_at > timezone.now(),
        )
        return super().get_context_data(**kwargs)


class MeetingUpdateView(ManageMeetingMixin, BoardsFormView):
    template_name = "boards/meeting_form.html"
    form_class = MeetingForm

    def get(self, request, *args, **kwargs):
        if self.meeting.is_cancelled:
            messages.error(request, _("A cancelled meeting cannot be changed."))
            return redirect(self.meeting.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        initial = {name: getattr(self.meeting, name) for name in services.MEETING_FIELDS}
        for name in ("starts_at", "ends_at"):
            initial[name] = timezone.localtime(initial[name], self.place.tz)
        return initial

    def form_extra_kwargs(self):
        return {"place": self.place}

    def get_context_data(self, **kwargs):
        kwargs["editing"] = True
        return super().get_context_data(**kwargs)

    def perform(self, form):
        services.meeting_update(
            place=self.place, actor=self.user, meeting=self.meeting, **form.cleaned_data
        )
        messages.success(self.request, _("Meeting details saved."))
        return redirect(self.meeting.get_absolute_url())


class MeetingCancelView(ManageMeetingMixin, BoardsFormView):
    template_name = "boards/meeting_cancel_form.html"
    form_class = MeetingCancelForm

    def perform(self, form):
        services.meeting_cancel(
            place=self.place,
            actor=self.user,
            meeting=self.meeting,
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            self.request, _("Meeting cancelled. Members and everyone registered have been told.")
        )
        return redirect(self.meeting.get_absolute_url())


class MeetingRegisterView(BoardsMixin, ServiceActionView):
    def act(self):
        self.meeting = self.meeting_or_404(self.kwargs["pk"])
        if not permissions.can_take_part(self.user, self.place):
            return self.deny()
        services.meeting_register(place=self.place, actor=self.user, meeting=self.meeting)
        messages.success(self.request, _("You are registered for this meeting."))
        return redirect(self.refused_url())

    def refused_url(self):
        """Where the button leads back to, done or refused."""
        return self.meeting.get_absolute_url()


class QuestionCreateView(BoardsFormView):
    template_name = "boards/question_form.html"
    form_class = QuestionForm

    def dispatch(self, request, *args, **kwargs):
        self.meeting = self.meeting_or_404(kwargs["pk"])
        if not permissions.can_take_part(request.user, request.place):
            return self.deny()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs["meeting"] = self.meeting
        kwargs["board"] = self.meeting.board
        return super().get_context_data(**kwargs)

    def perform(self, form):
        services.question_send(
            place=self.place, actor=self.user, meeting=self.meeting, text=form.cleaned_data["text"]
        )
        messages.success(self.request, _("Your question has been sent to the board."))
        return redirect(self.meeting.get_absolute_url())
