"""Residents' ideas to a community board: the list with the form to propose one, an idea's
page (where the board answers), changing or withdrawing it (its proposer), supporting it and
taking that support back (everyone else), and what the board did about them."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from coordination.service_views import ServiceActionView

from .. import moderation_display, permissions, selectors, services
from ..forms import ProposalAnswerForm, ProposalForm
from ..models.proposals import ANSWERED_REFUSAL, WITHDRAWN_REFUSAL
from ..moderation_forms import CommentForm
from ._common import BoardsFormView, BoardsMixin


class ProposalListView(BoardsFormView):
    template_name = "boards/proposal_list.html"
    form_class = ProposalForm

    def dispatch(self, request, *args, **kwargs):
        self.board = self.board_or_404(kwargs["pk"])
        if not self.board.takes_ideas:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def form_extra_kwargs(self):
        return {"board": self.board}

    def get_context_data(self, **kwargs):
        kwargs.update(
            board=self.board,
            proposals=moderation_display.masked(
                selectors.proposals_of_board(self.board), self.user
            ),
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
        proposal = self.proposal
        can_take_part = permissions.can_take_part(self.user, self.place)
        is_proposer = self.user.is_authenticated and proposal.proposed_by_id == self.user.pk
        kwargs.update(
            proposal=proposal,
            board=proposal.board,
            can_answer=self.can_answer() and not proposal.is_withdrawn,
            can_take_part=can_take_part,
            is_proposer=is_proposer,
            can_change=is_proposer and can_take_part and proposal.is_open_to_change,
            can_support=can_take_part and not is_proposer and proposal.takes_support,
            supported=selectors.supports_proposal(self.user, proposal),
            readable=permissions.can_read_post(self.user, proposal),
            can_moderate=permissions.can_moderate(self.user, proposal.board),
            comments=selectors.comments_of(proposal),
            can_comment=can_take_part and not proposal.is_withdrawn and not proposal.is_hidden,
            comment_form=CommentForm(),
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


class ProposalEditView(BoardsFormView):
    """The proposer changes their idea's words, until the board answers it."""

    template_name = "boards/proposal_edit.html"
    form_class = ProposalForm

    def dispatch(self, request, *args, **kwargs):
        self.proposal = selectors.get_proposal_for(request.place, request.user, kwargs["pk"])
        if self.proposal is None:
            raise Http404
        is_proposer = (
            request.user.is_authenticated and self.proposal.proposed_by_id == request.user.pk
        )
        if not is_proposer or not permissions.can_take_part(request.user, request.place):
            return self.deny()
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        initial = {"title": self.proposal.title, "description": self.proposal.description}
        if self.proposal.board.is_asset_based:
            initial["assets"] = list(self.proposal.assets.values_list("pk", flat=True))
        return initial

    def form_extra_kwargs(self):
        return {"board": self.proposal.board}

    def get_context_data(self, **kwargs):
        kwargs.update(proposal=self.proposal, board=self.proposal.board)
        if not self.proposal.is_open_to_change:
            kwargs["refusal"] = (
                WITHDRAWN_REFUSAL if self.proposal.is_withdrawn else ANSWERED_REFUSAL
            )
        return super().get_context_data(**kwargs)

    def perform(self, form):
        services.proposal_update(
            place=self.place, actor=self.user, proposal=self.proposal, **form.cleaned_data
        )
        messages.success(self.request, _("Your idea is changed."))
        return redirect(self.proposal.get_absolute_url())


class ProposalButtonView(BoardsMixin, ServiceActionView):
    """A button on an idea's page: back to that page, done or refused."""

    def act(self):
        self.proposal = selectors.get_proposal_for(self.place, self.user, self.kwargs["pk"])
        if self.proposal is None:
            raise Http404
        if not permissions.can_take_part(self.user, self.place):
            return self.deny()
        self.press()
        return redirect(self.refused_url())

    def press(self):
        raise NotImplementedError

    def refused_url(self):
        return self.proposal.get_absolute_url()


class ProposalSupportView(ProposalButtonView):
    def press(self):
        services.proposal_support(place=self.place, actor=self.user, proposal=self.proposal)
        messages.success(self.request, _("You support this idea."))


class ProposalUnsupportView(ProposalButtonView):
    def press(self):
        services.proposal_unsupport(place=self.place, actor=self.user, proposal=self.proposal)
        messages.success(self.request, _("You no longer support this idea."))


class ProposalWithdrawView(ProposalButtonView):
    def press(self):
        services.proposal_withdraw(place=self.place, actor=self.user, proposal=self.proposal)
        messages.success(self.request, _("Your idea is withdrawn. The board will not answer it."))


class YouSaidWeDidView(BoardsMixin, TemplateView):
    template_name = "boards/you_said_we_did.html"

    def get_context_data(self, **kwargs):
        board = self.board_or_404(self.kwargs["pk"])
        if not board.is_community_board:
            raise Http404
        kwargs.update(
            board=board,
            proposals=moderation_display.masked(selectors.you_said_we_did(board), self.user),
        )
        return super().get_context_data(**kwargs)
