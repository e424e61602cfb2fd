"""Residents' ideas to a community board: the list with the form to propose one, an idea's
page (where the board answers), supporting it, and what the board did about them."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from coordination.service_views import ServiceActionView

from .. import permissions, selectors, services
from ..forms import ProposalAnswerForm, ProposalForm
from ._common import BoardsFormView, BoardsMixin


class ProposalListView(BoardsFormView):
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
        return redirect(proposal.get_absolute_url())


class ProposalDetailView(BoardsFormView):
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
        # Where the idea can go for money is funding's to say: the template asks funding's
        # {% proposal_funding %} tag, so boards never imports funding.
        kwargs.update(
            proposal=self.proposal,
            board=self.proposal.board,
            can_answer=self.can_answer(),
            can_take_part=permissions.can_take_part(self.user, self.place),
            supported=selectors.supports_proposal(self.user, self.proposal),
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
        return redirect(self.proposal.get_absolute_url())


class ProposalSupportView(BoardsMixin, ServiceActionView):
    def act(self):
        self.proposal = selectors.get_proposal_for(self.place, self.user, self.kwargs["pk"])
        if self.proposal is None:
            raise Http404
        if not permissions.can_take_part(self.user, self.place):
            return self.deny()
        services.proposal_support(place=self.place, actor=self.user, proposal=self.proposal)
        messages.success(self.request, _("You support this idea."))
        return redirect(self.refused_url())

    def refused_url(self):
        """Where the button leads back to, done or refused."""
        return self.proposal.get_absolute_url()


class YouSaidWeDidView(BoardsMixin, TemplateView):
    template_name = "boards/you_said_we_did.html"

    def get_context_data(self, **kwargs):
        board = self.board_or_404(self.kwargs["pk"])
        if not board.is_community_board:
            raise Http404
        kwargs.update(board=board, proposals=selectors.you_said_we_did(board))
        return super().get_context_data(**kwargs)
