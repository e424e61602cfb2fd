"""Declarations of interest, votes on agenda items, and a board's register of interests."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from .. import permissions, selectors, services
from ..forms import DeclarationForm, VoteForm
from ._common import BoardsFormView, BoardsMixin


class DeclarationCreateView(BoardsFormView):
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
        kwargs["meeting"] = self.meeting
        return super().get_context_data(**kwargs)

    def perform(self, form):
        services.declaration_record(
            place=self.place, actor=self.user, meeting=self.meeting, **form.cleaned_data
        )
        messages.success(self.request, _("The declaration is recorded in the minutes."))
        return redirect(self.meeting.get_absolute_url() + "#declarations")


class VoteView(BoardsFormView):
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

    def get_form(self, form_class=None):
        # Visitors and residents read the tally; only those who may vote get the form.
        return super().get_form(form_class) if self.can_vote else None

    def get_context_data(self, **kwargs):
        votes = list(
            selectors.votes_visible_to(self.place, self.user).filter(agenda_item=self.item)
        )
        kwargs.update(
            item=self.item,
            meeting=self.meeting,
            votes=votes,
            tally=selectors.tally(votes),
            declarations=selectors.declarations_of_meeting(self.meeting).filter(
                agenda_item=self.item
            ),
            can_vote=self.can_vote,
            can_manage=self.can_manage,
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
