"""The two shapes of a view that changes state through a service.

A service raises RuleViolation when a request breaks a rule of the domain. A form view shows it on
the form, field by field, and keeps what the person typed; a button (a POST without a form) shows it
as a message on the page it came from. Views say what to do and where to go; these say what
happens when a rule says no, once.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.views import View

from .errors import RuleViolation, add_to_form


class ServiceFormMixin:
    """For a FormView: `perform(form)` calls the service and returns the response on success."""

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            return self.perform(form)
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)


class ServiceActionView(View):
    """A button: `act()` calls the service and returns the response; a refusal goes back to
    `refused_url()` with the service's messages."""

    http_method_names = ["post"]

    def act(self):
        raise NotImplementedError

    def refused_url(self):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        try:
            return self.act()
        except RuleViolation as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(self.refused_url())
