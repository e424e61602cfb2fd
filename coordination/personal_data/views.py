"""A person's own pages: download their data, close their account."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponseGone
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from coordination.errors import RuleViolation
from coordination.service_views import ServiceFormMixin
from coordination.uploads import serve_upload

from . import selectors, services
from .forms import CloseAccountForm
from .models import Status


class NoStoreMixin:
    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["Cache-Control"] = "no-store"
        return response


class DataView(LoginRequiredMixin, NoStoreMixin, TemplateView):
    """What InPlace holds about the person, as a download they ask for; and its status."""

    template_name = "personal_data/data.html"

    def get_context_data(self, **kwargs):
        kwargs["exports"] = selectors.exports_of(self.request.user)
        kwargs["retention_days"] = settings.RETENTION_EXPORT_DAYS
        kwargs["preparing"] = any(e.status == Status.QUEUED for e in kwargs["exports"])
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        try:
            services.export_request(user=request.user)
        except RuleViolation as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("We are preparing your data. This page shows when it is ready to download."),
            )
        return redirect("account_data")


class DataDownloadView(LoginRequiredMixin, View):
    """The person's own zip: 404 for anyone else's token, 410 once it has expired."""

    def get(self, request, token):
        export = selectors.export_for_download(request.user, token)
        if export is None:
            raise Http404
        if not export.is_downloadable:
            return HttpResponseGone(_("This download has expired. Ask for your data again."))
        try:
            stored = default_storage.open(export.file_path, "rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        return serve_upload(
            stored,
            filename=f"inplace-your-data-{export.completed_at:%Y-%m-%d}.zip",
            content_type="application/zip",
        )


class CloseView(LoginRequiredMixin, NoStoreMixin, ServiceFormMixin, FormView):
    """What closing does, the password again and a confirmation; then the account is closed."""

    template_name = "personal_data/close.html"
    form_class = CloseAccountForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        kwargs["problems"] = services.closure_problems(self.request.user)
        return super().get_context_data(**kwargs)

    def perform(self, form):
        services.account_close(user=self.request.user)
        logout(self.request)
        return redirect("account_closed")


def closed(request):
    """Said once the account is closed (the person is signed out by then)."""
    return TemplateResponse(request, "personal_data/closed.html")
