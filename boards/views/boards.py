"""Pages of boards and their seats: the list, a board's page, setting a board up, and the
seats people hold on it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from coordination.accounts.permissions import can

from .. import permissions, selectors, services
from ..forms import BoardForm, BoardMembershipEditForm, BoardMembershipForm, MembershipEndForm
from ..models import BoardKind
from ._common import BoardsFormView, BoardsMixin, ManageBoardMixin


class BoardListView(BoardsMixin, TemplateView):
    template_name = "boards/board_list.html"

    def get_context_data(self, **kwargs):
        boards = list(selectors.boards_visible_to(self.place, self.user))
        groups = []
        for value, label in BoardKind.choices:
            of_kind = [b for b in boards if b.kind == value]
            if not of_kind:
                continue
            if value != BoardKind.COMMUNITY_BOARD:
                groups.append({"kind": value, "label": label, "boards": of_kind})
                continue
            # Community groups under the name of their structure: each place names its own.
            structures = {b.structure_id: b.structure for b in of_kind}
            for structure in sorted(structures.values(), key=lambda s: (s.name, s.pk)):
                groups.append(
                    {
                        "kind": value,
                        "label": structure.name,
                        "boards": [b for b in of_kind if b.structure_id == structure.pk],
                    }
                )
        kwargs.update(
            groups=groups,
            can_manage=can(self.user, self.place, "manage_boards"),
            upcoming=selectors.upcoming_meetings(self.place, self.user, limit=5),
        )
        return super().get_context_data(**kwargs)


class BoardCreateView(BoardsFormView):
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
        return redirect(board.get_absolute_url())


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
            past_members=selectors.past_members(board) if insider else [],
            subgroups=selectors.boards_visible_to(self.place, self.user).filter(parent=board),
            upcoming=selectors.upcoming_meetings(self.place, self.user, board=board),
            past=selectors.past_meetings(self.place, self.user, board=board)[:10],
            can_manage=permissions.can_manage_board(self.user, board),
            insider=insider,
            # A seat puts the board's meetings in the person's own calendar feed; the public
            # feed is a public board's alone.
            seated=self.user.is_authenticated and any(m.user_id == self.user.pk for m in members),
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


class BoardMemberAddView(ManageBoardMixin, BoardsFormView):
    template_name = "boards/membership_form.html"
    form_class = BoardMembershipForm

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
        return redirect(self.board.get_absolute_url())


class BoardUpdateView(ManageBoardMixin, BoardsFormView):
    template_name = "boards/board_form.html"
    form_class = BoardForm

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
        return redirect(self.board.get_absolute_url())


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


class BoardMemberEditView(ManageMembershipMixin, BoardsFormView):
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
        return redirect(self.board.get_absolute_url() + "#members")


class BoardMemberEndView(ManageMembershipMixin, BoardsFormView):
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
        return redirect(self.board.get_absolute_url() + "#members")
