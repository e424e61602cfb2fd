"""Community board funds: the list, a fund's public page, the forms to set one up and change it,
and a group's two-step application."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from coordination.accounts.permissions import can
from coordination.places.mixins import PlacePermissionMixin
from coordination.service_views import ServiceFormMixin

from .. import permissions, selectors, services
from ..forms import FundApplicationForm, FundForm, FundUpdateForm
from ..models import SHORT_FORM_LIMIT, BoardFund
from ._common import FundingPage, place_today


class FundListView(FundingPage, TemplateView):
    """Every board fund the person may see: a public board's fund is public."""

    template_name = "funding/fund_list.html"

    def get_context_data(self, **kwargs):
        kwargs["funds"] = selectors.funds_visible_to(self.place, self.request.user)
        kwargs["can_create"] = permissions.runs_a_board(self.request.user, self.place)
        return super().get_context_data(**kwargs)


class FundCreateView(FundingPage, ServiceFormMixin, FormView):
    template_name = "funding/fund_form.html"
    form_class = FundForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.runs_a_board(request.user, self.place):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        today = place_today(self.place)
        return {"year": today.year if today.month >= 4 else today.year - 1}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.place, "user": self.request.user}

    def perform(self, form):
        fund = services.fund_create(place=self.place, actor=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("%(fund)s is open.") % {"fund": fund.programme.title})
        return redirect(fund.get_absolute_url())


class FundMixin(FundingPage):
    model = BoardFund

    def get_fund(self):
        if not hasattr(self, "_fund"):
            self._fund = selectors.get_fund_for(self.place, self.request.user, self.kwargs["pk"])
            if self._fund is None:
                raise Http404
        return self._fund


class FundDetailView(FundMixin, TemplateView):
    """The fund's public page: spend against budget, what was funded, for which priority and
    area, and what the grantees say the money did."""

    template_name = "funding/fund_detail.html"

    def get_context_data(self, **kwargs):
        fund, user = self.get_fund(), self.request.user
        grants = list(selectors.fund_grants(self.place, fund))
        can_run = permissions.can_run_fund(user, fund)
        kwargs.update(
            fund=fund,
            grants=grants,
            by_priority=selectors.spend_by_priority(grants),
            can_run=can_run,
            applications=selectors.fund_applications_of(self.place, fund) if can_run else (),
            can_apply=can(user, self.place, "apply_for_funding")
            and fund.programme.is_open_on(place_today(self.place)),
            short_form_limit=SHORT_FORM_LIMIT,
            budget_rounds=budget_rounds_of(self.place, fund),
        )
        return super().get_context_data(**kwargs)


def budget_rounds_of(place, fund):
    """The fund's rounds where residents decide: each with its phase today and, once its results
    are out, the chosen projects with what the board decided."""
    today = place_today(place)
    rows = []
    for budget_round in selectors.rounds_of_fund(place, fund):
        chosen = [
            (project, selectors.decision_status(project))
            for project in selectors.results_of(place, budget_round)
            if project.selected
        ]
        rows.append((budget_round, budget_round.phase(today), chosen))
    return rows


class FundUpdateView(FundMixin, ServiceFormMixin, FormView):
    template_name = "funding/fund_update.html"
    form_class = FundUpdateForm

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_run_fund(request.user, self.get_fund()):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        fund = self.get_fund()
        return {
            "budget": fund.budget,
            "priorities_meeting": fund.priorities_meeting_id,
            "report_due_weeks": fund.report_due_weeks,
            "low_balance_percent": fund.low_balance_percent,
        }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.place, "fund": self.get_fund()}

    def get_context_data(self, **kwargs):
        kwargs["fund"] = self.get_fund()
        return super().get_context_data(**kwargs)

    def perform(self, form):
        fund = self.get_fund()
        services.fund_update(
            place=self.place, actor=self.request.user, fund=fund, **form.cleaned_data
        )
        messages.success(self.request, _("The fund is updated."))
        return redirect(fund.get_absolute_url())


class FundApplyView(FundMixin, PlacePermissionMixin, ServiceFormMixin, FormView):
    """Apply in two steps: the amount first, then the questions for that amount."""

    permission = "apply_for_funding"
    template_name = "funding/fund_apply.html"
    form_class = FundApplicationForm

    def amount(self):
        raw = self.request.POST.get("amount_requested") or self.request.GET.get("amount")
        try:
            return Decimal(raw) if raw else None
        except (ArithmeticError, ValueError):
            return None

    def get(self, request, *args, **kwargs):
        self.get_fund()
        if self.amount() is None:
            return self.render_to_response(self.get_context_data(step="amount"))
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        initial = {"amount_requested": self.amount()}
        proposal_id = self.request.GET.get("proposal", "")
        if proposal_id.isdigit():
            initial["proposal"] = int(proposal_id)
        return initial

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "place": self.place,
            "user": self.request.user,
            "fund": self.get_fund(),
            "long_form": not services.is_short_form(self.amount()),
        }

    def get_context_data(self, **kwargs):
        kwargs["fund"] = self.get_fund()
        kwargs["short_form_limit"] = SHORT_FORM_LIMIT
        kwargs["long_form"] = not services.is_short_form(self.amount())
        kwargs["proposal_id"] = self.request.GET.get("proposal", "")
        return super().get_context_data(**kwargs)

    def perform(self, form):
        application = services.fund_application_create(
            place=self.place,
            actor=self.request.user,
            fund=self.get_fund(),
            **form.cleaned_data,
        )
        messages.success(
            self.request, _("Your application is saved as a draft. Check it, then send it.")
        )
        return redirect(application.bid.get_absolute_url())
