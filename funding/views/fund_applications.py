"""What the board does with an application to its fund (put it on an agenda, decide it, pay it,
withdraw the grant) and the grantee's report: one form page each."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import FormView

from coordination.service_views import ServiceFormMixin

from .. import permissions, selectors, services
from ..forms import (
    FundDecisionForm,
    FundPaymentForm,
    FundScheduleForm,
    GrantReportForm,
    GrantWithdrawForm,
)
from ..models import FundApplication
from ._common import FundingPage


class FundApplicationMixin(FundingPage):
    model = FundApplication
    needs = "run"  # or "applicant"

    def get_application(self):
        if not hasattr(self, "_application"):
            self._application = selectors.get_fund_application_for(
                self.request.user, self.place, self.kwargs["pk"]
            )
            if self._application is None:
                raise Http404
        return self._application

    def dispatch(self, request, *args, **kwargs):
        application = self.get_application()
        if self.needs == "run":
            allowed = permissions.can_run_fund(request.user, application.fund)
        else:
            allowed = permissions.can_act_as_applicant(request.user, self.place, application.bid)
        if not allowed:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs["application"] = self.get_application()
        kwargs["bid"] = self.get_application().bid
        return super().get_context_data(**kwargs)

    def done(self, message):
        messages.success(self.request, message)
        return redirect(self.get_application().bid.get_absolute_url())


class FundApplicationFormView(FundApplicationMixin, ServiceFormMixin, FormView):
    """One form, one service: a subclass names them, the page's heading and button, and what it
    says when done."""

    template_name = "funding/fund_application_form.html"
    heading = ""
    button = ""
    service = None
    success = ""

    def get_context_data(self, **kwargs):
        kwargs["heading"] = self.heading
        kwargs["button"] = self.button
        return super().get_context_data(**kwargs)

    def perform(self, form):
        self.service(
            place=self.place,
            actor=self.request.user,
            application=self.get_application(),
            **form.cleaned_data,
        )
        return self.done(self.success)


class FundScheduleView(FundApplicationFormView):
    form_class = FundScheduleForm
    heading = _lazy("Put the application on a meeting's agenda")
    button = _lazy("Add to the agenda")
    service = staticmethod(services.fund_application_schedule)
    success = _lazy("The application is on the meeting's agenda; the group has been told.")

    def get_form_kwargs(self):
        fund = self.get_application().fund
        return {**super().get_form_kwargs(), "place": self.place, "fund": fund}


class FundDecideView(FundApplicationFormView):
    form_class = FundDecisionForm
    heading = _lazy("Record the board's decision")
    button = _lazy("Record the decision")
    service = staticmethod(services.fund_application_decide)
    success = _lazy(
        "The decision is recorded in the minutes. The group's people are told in InPlace and, "
        "unless they chose otherwise, by email."
    )

    def get_form_kwargs(self):
        application = self.get_application()
        return {**super().get_form_kwargs(), "place": self.place, "application": application}


class FundPaymentView(FundApplicationFormView):
    form_class = FundPaymentForm
    heading = _lazy("Record a payment")
    button = _lazy("Record the payment")
    service = staticmethod(services.fund_payment_record)
    success = _lazy("The payment is recorded.")


class GrantWithdrawView(FundApplicationFormView):
    form_class = GrantWithdrawForm
    heading = _lazy("Withdraw the grant")
    button = _lazy("Withdraw the grant")
    service = staticmethod(services.fund_grant_withdraw)
    success = _lazy("The grant is withdrawn; what was not paid is back in the fund.")


class GrantReportView(FundApplicationFormView):
    needs = "applicant"
    form_class = GrantReportForm
    heading = _lazy("Tell the board what the money did")
    button = _lazy("Send the report")
    service = staticmethod(services.grant_report_submit)
    success = _lazy("Thank you: your report is on the fund's public page.")
