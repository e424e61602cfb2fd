"""What the commissioning pages share: the refusal (sign in, or 403), the tender a page is about,
and ActionView, the one-form-per-page shape every change goes through."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from coordination.places.mixins import PlaceMixin, get_object_or_404_in_place
from coordination.service_views import ServiceFormMixin

from .. import selectors
from ..permissions import acting_organisation_ids, acting_organisations, can_run_tender


def deny(request):
    """Someone who may not use a page: sent to sign in, or refused if they are signed in."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


class TenderMixin(PlaceMixin):
    """A page about the tender its address names (404 for another place's or a missing one)."""

    def get_tender(self):
        if not hasattr(self, "_tender"):
            self._tender = get_object_or_404_in_place(
                selectors.tenders_in_place(self.place), pk=self.kwargs["pk"]
            )
        return self._tender

    def get_context_data(self, **kwargs):
        tender = self.get_tender()
        kwargs["tender"] = tender
        kwargs["can_run"] = can_run_tender(self.request.user, self.place, tender)
        return super().get_context_data(**kwargs)


class ActionView(ServiceFormMixin, PlaceMixin, FormView):
    """A form about one object of this place. Subclasses say who may use it (``allowed``) and what
    it does (``call_service``); a service's refusal is shown on the form."""

    template_name = "commissioning/form.html"
    heading = ""
    button = gettext_lazy("Save")
    lookup = None  # a function (place, pk) -> object or None

    def get_object(self):
        if not hasattr(self, "_object"):
            obj = self.lookup(self.place, self.kwargs["pk"])
            if obj is None:
                raise Http404
            self._object = obj
        return self._object

    def tender(self):
        return self.get_object()

    def allowed(self):
        return can_run_tender(self.request.user, self.place, self.tender())

    def dispatch(self, request, *args, **kwargs):
        self.get_object()  # another place's or a missing id: 404 before anything else
        if not self.allowed():
            return deny(request)
        return super().dispatch(request, *args, **kwargs)

    def get_heading(self):
        return self.heading

    def get_context_data(self, **kwargs):
        kwargs.update(
            tender=self.tender(),
            heading=self.get_heading(),
            button=self.button,
            back_url=self.tender().get_absolute_url(),
        )
        return super().get_context_data(**kwargs)

    def call_service(self, form):
        """Call the service with the form's data; return where to go next (None: the tender)."""
        raise NotImplementedError

    def perform(self, form):
        return redirect(self.call_service(form) or self.tender().get_absolute_url())

    def co_design_url(self):
        return reverse(
            "places:commissioning:co_design",
            kwargs={"place_slug": self.place.slug, "pk": self.tender().pk},
        )


class ActingOrganisationView(ActionView):
    """An action taken for one of the organisations the person acts for here, chosen on the form."""

    def allowed(self):
        return bool(acting_organisation_ids(self.request.user, self.place))

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "organisations": acting_organisations(self.request.user, self.place),
        }
