"""Rounds where residents decide part of a fund: the public round page (its phases, the ballot and
the results), and the pages where whoever runs the fund sets up a round, draws up its ballot and
publishes its results."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from boards import permissions as board_permissions
from coordination.service_views import ServiceActionView, ServiceFormMixin

from .. import permissions, selectors, services
from ..budget_forms import BallotForm, BudgetProjectForm, BudgetRoundForm
from ..models import BudgetPhase, BudgetProject, BudgetRound
from ._common import FundingPage, place_today
from .board_funds import FundMixin


class BudgetRoundMixin(FundingPage):
    model = BudgetRound

    def get_round(self):
        if not hasattr(self, "_round"):
            self._round = selectors.get_round_for(self.place, self.request.user, self.kwargs["pk"])
            if self._round is None:
                raise Http404
        return self._round


class RunsRoundMixin(BudgetRoundMixin):
    """For whoever runs the round's fund; anyone else gets the same 404 as a missing round."""

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_run_fund(request.user, self.get_round().fund):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class BudgetRoundDetailView(BudgetRoundMixin, ServiceFormMixin, FormView):
    """The round's public page: the phases with their dates, the amount, the projects, what a
    resident can do now (the ballot in the vote phase) and the results once published."""

    template_name = "funding/budget_round_detail.html"
    form_class = BallotForm

    def post(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().post(request, *args, **kwargs)

    def projects(self):
        if not hasattr(self, "_projects"):
            self._projects = list(selectors.projects_of(self.place, self.get_round()))
        return self._projects

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "projects": self.projects(),
            "amount": self.get_round().amount,
        }

    def get_context_data(self, **kwargs):
        budget_round, user = self.get_round(), self.request.user
        today = place_today(self.place)
        phase = budget_round.phase(today)
        my_ballot = selectors.ballot_of(self.place, budget_round, user)
        results = selectors.results_of(self.place, budget_round)
        kwargs.update(
            budget_round=budget_round,
            fund=budget_round.fund,
            phase=phase,
            phases=selectors.phases_of(budget_round, today),
            projects=self.projects(),
            results=[(p, selectors.decision_status(p)) for p in results],
            my_ballot=my_ballot,
            can_take_part=board_permissions.can_take_part(user, self.place),
            can_vote=phase == BudgetPhase.VOTE
            and my_ballot is None
            and board_permissions.can_take_part(user, self.place),
            can_run=permissions.can_run_fund(user, budget_round.fund),
            ballots=selectors.ballot_count(self.place, budget_round)
            if phase == BudgetPhase.RESULTS
            else None,
            costs={str(p.pk): str(p.cost) for p in self.projects()},
        )
        return super().get_context_data(**kwargs)

    def form_invalid(self, form):
        # Without a ballot on the page (voting not open, or already voted) the refusal is said
        # as a message on the round page.
        budget_round = self.get_round()
        phase = budget_round.phase(place_today(self.place))
        mine = selectors.ballot_of(self.place, budget_round, self.request.user)
        if phase != BudgetPhase.VOTE or mine is not None:
            for errors in form.errors.values():
                for message in errors:
                    messages.error(self.request, message)
            return redirect(budget_round.get_absolute_url())
        return super().form_invalid(form)

    def perform(self, form):
        services.budget_ballot_cast(
            place=self.place,
            actor=self.request.user,
            budget_round=self.get_round(),
            projects=[int(pk) for pk in form.cleaned_data["projects"]],
            lives_in_area=form.cleaned_data["lives_in_area"],
        )
        messages.success(
            self.request,
            _("Your vote is counted. The results are published after voting closes."),
        )
        return redirect(self.get_round().get_absolute_url())


class BudgetRoundCreateView(FundMixin, ServiceFormMixin, FormView):
    template_name = "funding/budget_round_form.html"
    form_class = BudgetRoundForm

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_run_fund(request.user, self.get_fund()):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        fund = self.get_fund()
        kwargs.update(
            fund=fund,
            heading=_("Set up a round where residents decide"),
            button=_("Set up the round"),
            available=services.available_for_round(self.place, fund),
        )
        return super().get_context_data(**kwargs)

    def perform(self, form):
        budget_round = services.budget_round_create(
            place=self.place, actor=self.request.user, fund=self.get_fund(), **form.cleaned_data
        )
        messages.success(self.request, _("The round is set up."))
        return redirect(budget_round.get_absolute_url())


class BudgetRoundUpdateView(RunsRoundMixin, ServiceFormMixin, FormView):
    template_name = "funding/budget_round_form.html"
    form_class = BudgetRoundForm

    def get_initial(self):
        budget_round = self.get_round()
        return {k: getattr(budget_round, k) for k in services.ROUND_FIELDS}

    def get_context_data(self, **kwargs):
        budget_round = self.get_round()
        kwargs.update(
            fund=budget_round.fund,
            budget_round=budget_round,
            heading=_("Change the round"),
            button=_("Save changes"),
            available=services.available_for_round(
                self.place, budget_round.fund, excluding=budget_round
            ),
        )
        return super().get_context_data(**kwargs)

    def perform(self, form):
        budget_round = services.budget_round_update(
            place=self.place,
            actor=self.request.user,
            budget_round=self.get_round(),
            **form.cleaned_data,
        )
        messages.success(self.request, _("The round is updated."))
        return redirect(budget_round.get_absolute_url())


class BudgetProjectAddView(RunsRoundMixin, ServiceFormMixin, FormView):
    template_name = "funding/budget_project_form.html"
    form_class = BudgetProjectForm

    def get_initial(self):
        initial = {}
        proposal_id = self.request.GET.get("proposal", "")
        if proposal_id.isdigit():
            initial["proposal"] = int(proposal_id)
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.place, "budget_round": self.get_round()}

    def get_context_data(self, **kwargs):
        kwargs["budget_round"] = self.get_round()
        return super().get_context_data(**kwargs)

    def perform(self, form):
        budget_round = self.get_round()
        services.budget_project_add(
            place=self.place,
            actor=self.request.user,
            budget_round=budget_round,
            **form.cleaned_data,
        )
        messages.success(self.request, _("The project is on the ballot."))
        return redirect(budget_round.get_absolute_url())


class BudgetProjectRemoveView(FundingPage, ServiceActionView):
    model = BudgetProject

    def get_project(self):
        project = (
            BudgetProject.objects.for_place(self.place)
            .select_related("round")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if project is None or not permissions.can_run_fund(self.request.user, project.round.fund):
            raise Http404
        return project

    def act(self):
        budget_round = services.budget_project_remove(
            place=self.place, actor=self.request.user, project=self.get_project()
        )
        messages.success(self.request, _("The project is off the ballot."))
        return redirect(budget_round.get_absolute_url())

    def refused_url(self):
        return self.get_project().round.get_absolute_url()


class BudgetResultsPublishView(RunsRoundMixin, ServiceActionView):
    def act(self):
        budget_round = services.budget_results_publish(
            place=self.place, actor=self.request.user, budget_round=self.get_round()
        )
        messages.success(
            self.request,
            _(
                "The results are published. Each chosen project is an application to the fund, "
                "for the board to decide at its meeting."
            ),
        )
        return redirect(budget_round.get_absolute_url())

    def refused_url(self):
        return self.get_round().get_absolute_url()
