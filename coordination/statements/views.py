"""Pages of the statements: each statement site-wide and in a place, a place's versions of it,
the forms its admins publish with, and the page where a person accepts changed terms."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.shortcuts import render as render_page
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from coordination.places.mixins import PlaceMixin, PlacePermissionMixin
from coordination.service_views import ServiceFormMixin

from . import selectors, services
from .forms import ContactsForm, StatementForm
from .models import KIND_NAMES, Kind, StatementContacts, StatementVersion
from .rendering import render

# The fingerprint of the terms the person was last found to have accepted (middleware.py).
SESSION_KEY = "statements_terms_accepted"


def statement_url(place, kind):
    if place is None:
        return reverse("statement", kwargs={"kind": kind})
    return reverse("places:statements:show", kwargs={"place_slug": place.slug, "kind": kind})


class KindMixin:
    """The statement of the address (each kind has its own route, so ``kind`` comes from it)."""

    @property
    def kind(self):
        return Kind(self.kwargs["kind"])

    def get_context_data(self, **kwargs):
        kwargs.setdefault("kind", self.kind)
        kwargs.setdefault("kind_label", self.kind.label)
        kwargs.setdefault("kind_name", KIND_NAMES[self.kind])
        return super().get_context_data(**kwargs)


class SiteStatementView(KindMixin, TemplateView):
    """A statement as InPlace ships it, for pages outside any place."""

    template_name = "statements/statement.html"

    def get_context_data(self, **kwargs):
        shown = selectors.current(None, self.kind)
        kwargs.update(shown=shown, body=selectors.rendered(None, shown), place=None)
        return super().get_context_data(**kwargs)


class PlaceStatementView(KindMixin, PlaceMixin, TemplateView):
    template_name = "statements/statement.html"

    def get_context_data(self, **kwargs):
        shown = selectors.current(self.place, self.kind)
        kwargs.update(
            shown=shown,
            body=selectors.rendered(self.place, shown),
            can_edit=selectors.can_edit(self.request.user, self.place),
            has_history=shown.row is not None,
        )
        return super().get_context_data(**kwargs)


class StatementListView(PlaceMixin, TemplateView):
    """A place's four statements, which version each shows, and (to its admins) what to change."""

    template_name = "statements/statement_list.html"

    def get_context_data(self, **kwargs):
        kwargs.update(
            statements=[(kind, selectors.current(self.place, kind)) for kind in Kind],
            contacts=selectors.contacts_of(self.place),
            can_edit=selectors.can_edit(self.request.user, self.place),
        )
        return super().get_context_data(**kwargs)


class HistoryView(KindMixin, PlaceMixin, TemplateView):
    template_name = "statements/history.html"

    def get_context_data(self, **kwargs):
        kwargs["versions"] = selectors.history(self.place, self.kind)
        return super().get_context_data(**kwargs)


class VersionView(KindMixin, PlaceMixin, TemplateView):
    """One published version, as it read: an old one with the contacts and figures it showed when
    it was replaced, the current one with today's."""

    model = StatementVersion
    template_name = "statements/version.html"

    def get_context_data(self, **kwargs):
        row = selectors.version_in_place(self.place, self.kind, self.kwargs["pk"])
        if row is None:
            raise Http404
        newest = selectors.current(self.place, self.kind)
        is_current = newest.row is not None and newest.row.pk == row.pk
        kwargs.update(
            row=row,
            is_current=is_current,
            body=render(row.body, selectors.values_for(self.place, row, is_current)),
        )
        return super().get_context_data(**kwargs)


class AdminMixin(PlacePermissionMixin):
    permission = "manage_statements"


class StatementEditView(KindMixin, AdminMixin, ServiceFormMixin, FormView):
    template_name = "statements/statement_form.html"
    form_class = StatementForm

    def get_initial(self):
        return {"body": selectors.current(self.place, self.kind).body}

    def get_context_data(self, **kwargs):
        kwargs["shown"] = selectors.current(self.place, self.kind)
        return super().get_context_data(**kwargs)

    def perform(self, form):
        row = services.publish(
            place=self.place,
            actor=self.request.user,
            kind=self.kind,
            body=form.cleaned_data["body"],
            changes=form.cleaned_data["changes"],
        )
        messages.success(
            self.request,
            _("Version %(version)s of the %(kind)s is published.")
            % {"version": row.version, "kind": KIND_NAMES[self.kind]},
        )
        return redirect(statement_url(self.place, self.kind))


class ContactsView(AdminMixin, ServiceFormMixin, FormView):
    template_name = "statements/contacts_form.html"
    form_class = ContactsForm

    def get_form_kwargs(self):
        row = StatementContacts.objects.for_place(self.place).first()
        kwargs = {**super().get_form_kwargs(), "place": self.place}
        if row is not None:
            kwargs["instance"] = row
        return kwargs

    def perform(self, form):
        services.contacts_save(place=self.place, actor=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("The contacts in your statements are saved."))
        return redirect("places:statements:list", place_slug=self.place.slug)


def safe_next(request, default="home"):
    """The ``next`` of the request if it is an address on this site, else ``default``'s."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if (
        wanted.startswith("/")
        and not wanted.startswith("//")
        and len(wanted) <= 2000
        and url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return wanted
    return reverse(default)


class AcceptTermsView(View):
    """The terms that changed since the person last accepted them, and the button to accept."""

    template_name = "statements/accept_terms.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def _context(self, required, due):
        return {
            "due": [
                (item, statement_url(item.place, Kind.TERMS), item.place is None) for item in due
            ],
            "seen": selectors.fingerprint(required),
            "next": safe_next(self.request),
        }

    def get(self, request):
        required = selectors.required_terms(request.user)
        due = selectors.terms_due(request.user, required)
        if not due:
            return HttpResponseRedirect(safe_next(request))
        return render_page(request, self.template_name, self._context(required, due))

    def post(self, request):
        required = selectors.required_terms(request.user)
        if request.POST.get("seen") != selectors.fingerprint(required):
            # The terms changed again while the page was open: show what is due now.
            due = selectors.terms_due(request.user, required)
            if due:
                messages.error(request, _("The terms have just changed again. Read the changes."))
                return render_page(request, self.template_name, self._context(required, due))
        services.accept_due_terms(user=request.user)
        request.session.pop(SESSION_KEY, None)
        messages.success(request, _("Thank you. You have accepted the terms of use."))
        return HttpResponseRedirect(safe_next(request))
