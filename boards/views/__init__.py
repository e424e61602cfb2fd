"""Pages for boards under /<place>/boards/: thin views over selectors, services and permissions.

Every page runs in the place's time zone, so times are entered and shown as the place keeps them.
Every object comes through a selector that applies visibility, so a private board, meeting or paper
is the same 404 as a missing one.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from coordination.accounts.permissions import can
from coordination.errors import RuleViolation, add_to_form
from coordination.places.mixins import PlaceMixin
from coordination.uploads import serve_upload
from funding import selectors as funding_selectors

from . import calendars, permissions, selectors, services
from .forms import (
    ActionForm,
    ActionUpdateForm,
    AgendaItemForm,
    AttendanceForm,
    BoardForm,
    BoardMembershipEditForm,
    BoardMembershipForm,
    DecisionForm,
    DeclarationForm,
    MeetingCancelForm,
    MeetingForm,
    MembershipEndForm,
    MinutesForm,
    PaperForm,
    ProposalAnswerForm,
    ProposalForm,
    QuestionForm,
    RecommendationResponseForm,
    ReportBackForm,
    VoteForm,
)
from .models import (
    AgendaItem,
    Attendance,
    BoardKind,
    CalendarFeed,
    MeetingQuestion,
    MeetingRegistration,
    MinutesStatus,
    Recommendation,
    ReportBackStatus,
)


def board_url(board):
    return reverse(
        "places:boards:board_detail", kwargs={"place_slug": board.place.slug, "pk": board.pk}
    )


def meeting_url(meeting):
    return reverse(
        "places:boards:meeting_detail", kwargs={"place_slug": meeting.place.slug, "pk": meeting.pk}
    )


class BoardsMixin(PlaceMixin):
    """Runs the view and renders its page in the place's time zone."""

    def dispatch(self, request, *args, **kwargs):
        with timezone.override(request.place.tz):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response

    def deny(self):
        if not self.request.user.is_authenticated:
            return redirect_to_login(self.request.get_full_path())
        raise PermissionDenied

    @property
    def user(self):
        return self.request.user

    # Objects, always through the visibility selectors: invisible and missing are the same 404.

    def board_or_404(self, pk):
        board = selectors.get_board_for(self.place, self.user, pk)
        if board is None:
            raise Http404
        return board

    def meeting_or_404(self, pk):
        meeting = selectors.get_meeting_for(self.place, self.user, pk)
        if meeting is None:
            raise Http404
        return meeting


class ServiceFormView(BoardsMixin, FormView):
    """A form whose valid data goes to one service; its RuleViolations come back on the form."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **self.form_extra_kwargs()}

    def form_extra_kwargs(self):
        return {}

    def form_valid(self, form):
        try:
            return self.perform(form)
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)


# Boards


class BoardListView(BoardsMixin, TemplateView):
    template_name = "boards/board_list.html"

    def get_context_data(self, **kwargs):
        boards = list(selectors.boards_visible_to(self.place, self.user))
        groups = []
        for value, label in BoardKind.choices:
            of_kind = [b for b in boards if b.kind == value]
            if of_kind:
                groups.append({"kind": value, "label": label, "boards": of_kind})
        kwargs.update(
            groups=groups,
            can_manage=can(self.user, self.place, "manage_boards"),
            upcoming=selectors.upcoming_meetings(self.place, self.user, limit=5),
        )
        return super().get_context_data(**kwargs)


class BoardCreateView(ServiceFormView):
    template_name = "boards/board_form.html"
    form_class = BoardForm

    def dispatch(self, request, *args, **kwargs):
        if not can(request.user, request.place, "manage_boards"):
            return self.deny()
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"is_public": True, "report_back_lead_days": 7}

    def form_extra_kwargs(self):
        return {"place": self.place}

    def perform(self, form):
        board = services.board_create(place=self.place, actor=self.user, **form.cleaned_data)
        messages.success(self.request, _("%(name)s set up.") % {"name": board.name})
        return redirect(board_url(board))


class BoardDetailView(BoardsMixin, TemplateView):
    template_name = "boards/board_detail.html"

    def get_context_data(self, **kwargs):
        board = self.board_or_404(self.kwargs["pk"])
        members = list(selectors.current_members(board))
        insider = permissions.board_insider(self.user, board)
        kwargs.update(
            board=board,
            members=members,
            balance=selectors.sector_balance(members),
            vacancies=selectors.vacancies(board, members),
            past_members=selectors.past_members(board)
            if permissions.board_insider(self.user, board)
            else [],
            subgroups=selectors.boards_visible_to(self.place, self.user).filter(parent=board),
            upcoming=selectors.upcoming_meetings(self.place, self.user, board=board),
            past=selectors.past_meetings(self.place, self.user, board=board)[:10],
            can_manage=permissions.can_manage_board(self.user, board),
            insider=insider,
            actions=selectors.actions_of_board(board).filter(status__in=["open", "in_progress"])
            if insider
            else [],
            report_backs=selectors.report_backs_of_subgroup(board)[:10]
            if board.is_subgroup and insider
            else [],
            load=selectors.board_load(board, members)
            if permissions.can_view_load(self.user, board)
            else None,
        )
        return super().get_context_data(**kwargs)


class BoardMemberAddView(ServiceFormView):
    template_name = "boards/membership_form.html"
    form_class = BoardMembershipForm

    def dispatch(self, request, *args, **kwargs):
        self.board = self.board_or_404(kwargs["pk"])
        if not permissions.can_manage_board(request.user, self.board):
            return self.deny()
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"started_on": timezone.localdate(), "in_rota": True}

    def form_extra_kwargs(self):
        return {"place": self.place}

    def get_context_data(self, **kwargs):
        kwargs["board"] = self.board
        return super().get_context_data(**kwargs)

    def perform(self, form):
        membership = services.board_membership_add(
            place=self.place, actor=self.user, board=self.board, **form.cleaned_data
        )
        messages.success(
            self.request,
            _("%(person)s now sits on %(board)s.")
            % {"person": membership.user, "board": self.board},
        )
        return redirect(board_url(self.board))


class BoardUpdateView(ServiceFormView):
    template_name = "boards/board_form.html"
    form_class = BoardForm

    def dispatch(self, request, *args, **kwargs):
        self.board = self.board_or_404(kwargs["pk"])
        if not permissions.can_manage_board(request.user, self.board):
            return self.deny()
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {name: getattr(self.board, name) for name in services.BOARD_FIELDS}

    def form_extra_kwargs(self):
        return {"place": self.place, "board": self.board}

    def get_context_data(self, **kwargs):
        kwargs["board"] = self.board
        return super().get_context_data(**kwargs)

    def perform(self, form):
        services.board_update(
            place=self.place, actor=self.user, board=self.board, **form.cleaned_data
        )
        messages.success(self.request, _("Board details saved."))
        return redirect(board_url(self.board))


class ManageMembershipMixin:
    """A seat on a board the person may see, for someone who runs that board."""

    def dispatch(self, request, *args, **kwargs):
        self.membership = selectors.get_membership_for(request.place, request.user, kwargs["pk"])
        if self.membership is None:
            raise Http404
        self.board = self.membership.board
        if not permissions.can_manage_board(request.user, self.board):
            return self.deny()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.update(membership=self.membership, board=self.board)
        return super().get_context_data(**kwargs)


class BoardMemberEditView(ManageMembershipMixin, ServiceFormView):
    template_name = "boards/membership_edit_form.html"
    form_class = BoardMembershipEditForm

    def get_initial(self):
        return {name: getattr(self.membership, name) for name in services.MEMBERSHIP_FIELDS}

    def form_extra_kwargs(self):
        return {"place": self.place}

    def perform(self, form):
        services.board_membership_update(
            place=self.place, actor=self.user, membership=self.membership, **form.cleaned_data
        )
        messages.success(
            self.request, _("Seat of %(person)s updated.") % {"person": self.membership.user}
        )
        return redirect(board_url(self.board) + "#members")


class BoardMemberEndView(ManageMembershipMixin, ServiceFormView):
    template_name = "boards/membership_end_form.html"
    form_class = MembershipEndForm

    def get_initial(self):
        return {"ended_on": timezone.localdate()}

    def perform(self, form):
        services.board_membership_end(
            place=self.place,
            actor=self.user,
            membership=self.membership,
            ended_on=form.cleaned_data["ended_on"],
        )
        messages.success(
            self.request,
            _("%(person)s’s seat on %(board)s ends on %(date)s.")
            % {
                "person": self.membership.user,
                "board": self.board,
                "date": form.cleaned_data["ended_on"].strftime("%-d %B %Y"),
            },
        )
        return redirect(board_url(self.board) + "#members")


# Meetings


class MeetingCreateView(ServiceFormView):
    template_name = "boards/meeting_form.html"
    form_class = MeetingForm

    def dispatch(self, request, *args, **kwargs):
        self.board = self.board_or_404(kwargs["pk"])
        if not permissions.can_manage_board(request.user, self.board):
            return self.deny()
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"is_public": self.board.is_community_board, "papers_due_days": 5}

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
        return redirect(meeting_url(meeting))


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
            decisions=meeting.decisions.select_related("agenda_item")
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
            question_form=QuestionForm(),
        )
        return super().get_context_data(**kwargs)


class ManageMeetingMixin:
    def dispatch(self, request, *args, **kwargs):
        self.meeting = self.meeting_or_404(kwargs["pk"])
        if not permissions.can_manage_board(request.user, self.meeting.board):
            return self.deny()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs["meeting"] = self.meeting
        kwargs["board"] = self.meeting.board
        return super().get_context_data(**kwargs)


class MeetingUpdateView(ManageMeetingMixin, ServiceFormView):
    template_name = "boards/meeting_form.html"
    form_class = MeetingForm

    def get(self, request, *args, **kwargs):
        if self.meeting.is_cancelled:
            messages.error(request, _("A cancelled meeting cannot be changed."))
            return redirect(meeting_url(self.meeting))
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
        return redirect(meeting_url(self.meeting))


class MeetingCancelView(ManageMeetingMixin, ServiceFormView):
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
        return redirect(meeting_url(self.meeting))


class AgendaItemCreateView(ManageMeetingMixin, ServiceFormView):
    template_name = "boards/agenda_item_form.html"
    form_class = AgendaItemForm

    def form_extra_kwargs(self):
        return {"place": self.place}

    def perform(self, form):
        services.agenda_item_add(
            place=self.place, actor=self.user, meeting=self.meeting, **form.cleaned_data
        )
        messages.success(self.request, _("Added to the agenda."))
        return redirect(meeting_url(self.meeting) + "#agenda")


class ManageAgendaItemMixin:
    def dispatch(self, request, *args, **kwargs):
        self.item = selectors.get_agenda_item_for(request.place, request.user, kwargs["pk"])
        if self.item is None:
            raise Http404
        self.meeting = self.item.meeting
        if not permissions.can_manage_board(request.user, self.meeting.board):
            return self.deny()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.update(item=self.item, meeting=self.meeting, board=self.meeting.board)
        return super().get_context_data(**kwargs)


class AgendaItemUpdateView(ManageAgendaItemMixin, ServiceFormView):
    template_name = "boards/agenda_item_form.html"
    form_class = AgendaItemForm

    def get_initial(self):
        return {name: getattr(self.item, name) for name in services.AGENDA_ITEM_FIELDS}

    def form_extra_kwargs(self):
        return {"place": self.place}

    def perform(self, form):
        services.agenda_item_update(
            place=self.place, actor=self.user, item=self.item, **form.cleaned_data
        )
        messages.success(self.request, _("Agenda item saved."))
        return redirect(meeting_url(self.meeting) + "#agenda")


class AgendaItemRemoveView(ManageAgendaItemMixin, BoardsMixin, TemplateView):
    template_name = "boards/agenda_item_remove.html"

    def get_context_data(self, **kwargs):
        kwargs["papers"] = self.item.papers.count()
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        try:
            services.agenda_item_remove(place=self.place, actor=self.user, item=self.item)
        except RuleViolation as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("“%(title)s” taken off the agenda.") % {"title": self.item.title}
            )
        return redirect(meeting_url(self.meeting) + "#agenda")


class AgendaItemMoveView(ManageAgendaItemMixin, BoardsMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            services.agenda_item_move(
                place=self.place,
                actor=self.user,
                item=self.item,
                direction=request.POST.get("direction", ""),
            )
        except RuleViolation as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("“%(title)s” moved.") % {"title": self.item.title})
        return redirect(meeting_url(self.meeting) + f"#item-{self.item.pk}")


class MinutesView(ManageMeetingMixin, ServiceFormView):
    template_name = "boards/minutes_form.html"
    form_class = MinutesForm

    def get_initial(self):
        return {"minutes": self.meeting.minutes}

    def perform(self, form):
        publish = "publish" in self.request.POST
        services.minutes_save(
            place=self.place,
            actor=self.user,
            meeting=self.meeting,
            minutes=form.cleaned_data["minutes"],
            publish=publish,
        )
        messages.success(
            self.request, _("Minutes published.") if publish else _("Draft minutes saved.")
        )
        return redirect(meeting_url(self.meeting) + "#minutes")


class DecisionCreateView(ManageMeetingMixin, ServiceFormView):
    template_name = "boards/decision_form.html"
    form_class = DecisionForm

    def form_extra_kwargs(self):
        return {"meeting": self.meeting}

    def perform(self, form):
        services.decision_record(
            place=self.place, actor=self.user, meeting=self.meeting, **form.cleaned_data
        )
        messages.success(self.request, _("Decision recorded."))
        return redirect(meeting_url(self.meeting) + "#decisions")


class AttendanceView(ManageMeetingMixin, ServiceFormView):
    template_name = "boards/attendance_form.html"
    form_class = AttendanceForm

    def form_extra_kwargs(self):
        from coordination.accounts.models import User

        recorded = dict(
            Attendance.objects.for_place(self.place)
            .filter(meeting=self.meeting)
            .values_list("user_id", "status")
        )
        members = selectors.current_members(self.meeting.board).values("user")
        people = User.objects.filter(Q(pk__in=members) | Q(pk__in=recorded)).order_by("name", "pk")
        return {"people": people, "recorded": recorded}

    def perform(self, form):
        services.attendance_register(
            place=self.place, actor=self.user, meeting=self.meeting, statuses=form.statuses()
        )
        messages.success(self.request, _("Attendance recorded."))
        return redirect(meeting_url(self.meeting) + "#attendance")


class ActionCreateView(ManageMeetingMixin, ServiceFormView):
    template_name = "boards/action_form.html"
    form_class = ActionForm

    def form_extra_kwargs(self):
        return {"place": self.place}

    def perform(self, form):
        services.action_create(
            place=self.place,
            actor=self.user,
            board=self.meeting.board,
            meeting=self.meeting,
            **form.cleaned_data,
        )
        messages.success(self.request, _("Action recorded."))
        return redirect(meeting_url(self.meeting) + "#actions")


class RotaAssignView(ManageMeetingMixin, BoardsMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            meeting = services.rota_assign(place=self.place, actor=self.user, meeting=self.meeting)
        except RuleViolation as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("From the rota: %(chair)s chairs, %(minutes)s takes the minutes.")
                % {"chair": meeting.chair, "minutes": meeting.minute_taker or _("nobody")},
            )
        return redirect(meeting_url(self.meeting))


class MeetingRegisterView(BoardsMixin, View):
    def post(self, request, *args, **kwargs):
        meeting = self.meeting_or_404(kwargs["pk"])
        if not permissions.can_take_part(request.user, self.place):
            return self.deny()
        try:
            services.meeting_register(place=self.place, actor=request.user, meeting=meeting)
        except RuleViolation as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("You are registered for this meeting."))
        return redirect(meeting_url(meeting))


class QuestionCreateView(ServiceFormView):
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
        return redirect(meeting_url(self.meeting))


# Papers


class PaperUploadView(ServiceFormView):
    template_name = "boards/paper_form.html"
    form_class = PaperForm

    def dispatch(self, request, *args, **kwargs):
        item = (
            AgendaItem.objects.for_place(request.place)
            .filter(
                pk=kwargs["pk"],
                meeting__in=selectors.meetings_visible_to(request.place, request.user).values("pk"),
            )
            .select_related("meeting__board")
            .first()
        )
        if item is None:
            raise Http404
        self.item = item
        if not (
            permissions.can_manage_board(request.user, item.meeting.board)
            or (request.user.is_authenticated and item.owner_id == request.user.pk)
        ):
            return self.deny()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.update(item=self.item, meeting=self.item.meeting, board=self.item.meeting.board)
        return super().get_context_data(**kwargs)

    def perform(self, form):
        services.paper_upload(
            place=self.place, actor=self.user, agenda_item=self.item, **form.cleaned_data
        )
        messages.success(self.request, _("Paper uploaded."))
        return redirect(meeting_url(self.item.meeting) + "#agenda")


class PaperDownloadView(BoardsMixin, View):
    """The only way to a paper's file: the selector decides, and nothing is cached publicly."""

    def get(self, request, *args, **kwargs):
        paper = selectors.get_paper_for(self.place, request.user, kwargs["pk"])
        if paper is None:
            raise Http404
        extension = paper.file.name.rsplit(".", 1)[-1]
        return serve_upload(
            paper.file, filename=f"{paper.title[:80]}.{extension}", content_type=paper.content_type
        )


# Actions


class ActionDetailView(ServiceFormView):
    template_name = "boards/action_detail.html"
    form_class = ActionUpdateForm

    def dispatch(self, request, *args, **kwargs):
        self.action = selectors.get_action_for(request.place, request.user, kwargs["pk"])
        if self.action is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"status": self.action.status}

    def get_context_data(self, **kwargs):
        kwargs.update(
            action=self.action,
            board=self.action.board,
            notes=self.action.notes.select_related("author"),
            can_update=permissions.can_update_action(self.user, self.action),
            can_edit=permissions.can_manage_board(self.user, self.action.board),
        )
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if not permissions.can_update_action(request.user, self.action):
            return self.deny()
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        services.action_update(
            place=self.place, actor=self.user, action=self.action, **form.cleaned_data
        )
        messages.success(self.request, _("Action updated."))
        return redirect(self.request.path)


class ActionEditView(ServiceFormView):
    template_name = "boards/action_form.html"
    form_class = ActionForm

    def dispatch(self, request, *args, **kwargs):
        self.action = selectors.get_action_for(request.place, request.user, kwargs["pk"])
        if self.action is None:
            raise Http404
        if not permissions.can_manage_board(request.user, self.action.board):
            return self.deny()
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {name: getattr(self.action, name) for name in services.ACTION_FIELDS}

    def form_extra_kwargs(self):
        return {"place": self.place}

    def get_context_data(self, **kwargs):
        kwargs.update(action=self.action, board=self.action.board, meeting=self.action.meeting)
        return super().get_context_data(**kwargs)

    def perform(self, form):
        services.action_edit(
            place=self.place, actor=self.user, action=self.action, **form.cleaned_data
        )
        messages.success(self.request, _("Action saved."))
        return redirect(
            reverse(
                "places:boards:action_detail",
                kwargs={"place_slug": self.place.slug, "pk": self.action.pk},
            )
        )


# Report-backs


class ReportBackDetailView(ServiceFormView):
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


class RecommendationRespondView(ServiceFormView):
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
        return redirect(
            reverse(
                "places:boards:report_back_detail",
                kwargs={"place_slug": self.place.slug, "pk": self.recommendation.report_back_id},
            )
        )


# Community boards: proposals


class ProposalListView(ServiceFormView):
    template_name = "boards/proposal_list.html"
    form_class = ProposalForm

    def dispatch(self, request, *args, **kwargs):
        self.board = self.board_or_404(kwargs["pk"])
        if not self.board.is_community_board:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.update(
            board=self.board,
            proposals=selectors.proposals_of_board(self.board),
            can_take_part=permissions.can_take_part(self.user, self.place),
        )
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if not permissions.can_take_part(request.user, self.place):
            return self.deny()
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        proposal = services.proposal_create(
            place=self.place, actor=self.user, board=self.board, **form.cleaned_data
        )
        messages.success(self.request, _("Thank you: your idea has gone to the board."))
        return redirect(proposal_url(proposal))


def proposal_url(proposal):
    return reverse(
        "places:boards:proposal_detail",
        kwargs={"place_slug": proposal.place.slug, "pk": proposal.pk},
    )


class ProposalDetailView(ServiceFormView):
    template_name = "boards/proposal_detail.html"
    form_class = ProposalAnswerForm

    def dispatch(self, request, *args, **kwargs):
        self.proposal = selectors.get_proposal_for(request.place, request.user, kwargs["pk"])
        if self.proposal is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def can_answer(self):
        return permissions.can_manage_board(self.user, self.proposal.board)

    def get_initial(self):
        p = self.proposal
        return {
            "status": p.status if p.status != "new" else None,
            "answer": p.answer,
            "reason": p.reason,
        }

    def get_context_data(self, **kwargs):
        kwargs.update(
            proposal=self.proposal,
            board=self.proposal.board,
            can_answer=self.can_answer(),
            can_take_part=permissions.can_take_part(self.user, self.place),
            supported=selectors.supports_proposal(self.user, self.proposal),
            path=funding_selectors.proposal_path(self.place, self.proposal),
            funds=funding_selectors.funds_visible_to(self.place, self.user).filter(
                board=self.proposal.board
            )[:1],
            can_apply=can(self.user, self.place, "apply_for_funding"),
        )
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if not self.can_answer():
            return self.deny()
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        services.proposal_answer(
            place=self.place, actor=self.user, proposal=self.proposal, **form.cleaned_data
        )
        messages.success(self.request, _("Answer recorded. Everyone can see it."))
        return redirect(proposal_url(self.proposal))


class ProposalSupportView(BoardsMixin, View):
    def post(self, request, *args, **kwargs):
        proposal = selectors.get_proposal_for(self.place, request.user, kwargs["pk"])
        if proposal is None:
            raise Http404
        if not permissions.can_take_part(request.user, self.place):
            return self.deny()
        try:
            services.proposal_support(place=self.place, actor=request.user, proposal=proposal)
        except RuleViolation as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("You support this idea."))
        return redirect(proposal_url(proposal))


class YouSaidWeDidView(BoardsMixin, TemplateView):
    template_name = "boards/you_said_we_did.html"

    def get_context_data(self, **kwargs):
        board = self.board_or_404(self.kwargs["pk"])
        if not board.is_community_board:
            raise Http404
        kwargs.update(board=board, proposals=selectors.you_said_we_did(board))
        return super().get_context_data(**kwargs)


# Calendars


class BoardCalendarView(BoardsMixin, View):
    """A board's public meetings as iCalendar: for anyone's calendar app, no sign-in."""

    def get(self, request, *args, **kwargs):
        board = selectors.get_board_for(self.place, None, kwargs["pk"])
        if board is None:
            raise Http404
        meetings = selectors.meetings_visible_to(self.place, None).filter(board=board)
        return _ics_response(
            calendars.meetings_calendar(self.place, board.name, meetings, with_online_links=False)
        )


class MyCalendarView(BoardsMixin, TemplateView):
    template_name = "boards/my_calendar.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        feed = services.calendar_feed_for(place=self.place, user=self.user)
        kwargs["feed_url"] = self.request.build_absolute_uri(
            reverse(
                "places:boards:person_calendar",
                kwargs={"place_slug": self.place.slug, "token": feed.token},
            )
        )
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        services.calendar_feed_for(place=self.place, user=request.user, reset=True)
        messages.success(request, _("You have a new calendar link; the old one no longer works."))
        return redirect(request.path)


class PersonCalendarView(BoardsMixin, View):
    """A person's meetings (private ones too) behind their secret link; an unknown link is a 404."""

    def get(self, request, *args, **kwargs):
        feed = (
            CalendarFeed.objects.for_place(self.place)
            .filter(token=kwargs["token"])
            .select_related("user")
            .first()
        )
        if feed is None:
            raise Http404
        meetings = calendars.meetings_of_person(self.place, feed.user)
        return _ics_response(
            calendars.meetings_calendar(
                self.place, _("Your meetings in %(place)s") % {"place": self.place}, meetings
            )
        )


def _ics_response(body):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


# Declarations of interest and votes


class DeclarationCreateView(ServiceFormView):
    """A member declares an interest at a meeting (or whoever runs the board records it)."""

    template_name = "boards/declaration_form.html"
    form_class = DeclarationForm

    def dispatch(self, request, *args, **kwargs):
        self.meeting = self.meeting_or_404(kwargs["pk"])
        board = self.meeting.board
        self.can_manage = permissions.can_manage_board(request.user, board)
        if not (self.can_manage or permissions.has_seat(request.user, board)):
            return self.deny()
        return super().dispatch(request, *args, **kwargs)

    def form_extra_kwargs(self):
        return {"meeting": self.meeting, "user": self.user, "can_manage": self.can_manage}

    def get_initial(self):
        item = self.request.GET.get("item", "")
        return {"agenda_item": int(item)} if item.isdigit() else {}

    def get_context_data(self, **kwargs):
        kwargs.update(meeting=self.meeting, board=self.meeting.board)
        return super().get_context_data(**kwargs)

    def perform(self, form):
        services.declaration_record(
            place=self.place, actor=self.user, meeting=self.meeting, **form.cleaned_data
        )
        messages.success(self.request, _("The declaration is recorded in the minutes."))
        return redirect(meeting_url(self.meeting) + "#declarations")


class VoteView(ServiceFormView):
    """The votes on an agenda item: the tally for those who see the meeting; the form for the
    board's officers (any member) and for each member themselves."""

    template_name = "boards/vote_form.html"
    form_class = VoteForm

    def dispatch(self, request, *args, **kwargs):
        self.item = selectors.get_agenda_item_for(request.place, request.user, kwargs["pk"])
        if self.item is None:
            raise Http404
        self.meeting = self.item.meeting
        board = self.meeting.board
        self.can_manage = permissions.can_manage_board(request.user, board)
        self.can_vote = self.can_manage or permissions.has_seat(request.user, board)
        return super().dispatch(request, *args, **kwargs)

    def form_extra_kwargs(self):
        return {"meeting": self.meeting, "user": self.user, "can_manage": self.can_manage}

    def get_context_data(self, **kwargs):
        votes = list(
            selectors.votes_visible_to(self.place, self.user).filter(agenda_item=self.item)
        )
        kwargs.update(
            item=self.item,
            meeting=self.meeting,
            board=self.meeting.board,
            votes=votes,
            tally=selectors.tally(votes),
            declarations=selectors.declarations_of_meeting(self.meeting).filter(
                agenda_item=self.item
            ),
            can_vote=self.can_vote,
        )
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if not self.can_vote:
            return self.deny()
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        services.vote_record(
            place=self.place, actor=self.user, agenda_item=self.item, **form.cleaned_data
        )
        messages.success(self.request, _("The vote is recorded."))
        return redirect(
            reverse(
                "places:boards:votes", kwargs={"place_slug": self.place.slug, "pk": self.item.pk}
            )
        )


class RegisterOfInterestsView(BoardsMixin, TemplateView):
    """Each member's declared interests at this board's meetings; public for a public board."""

    template_name = "boards/register_of_interests.html"

    def get_context_data(self, **kwargs):
        board = self.board_or_404(self.kwargs["pk"])
        kwargs.update(board=board, register=selectors.register_of_interests(board, self.user))
        return super().get_context_data(**kwargs)
