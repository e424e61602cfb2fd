"""Changing one listing in the directory: add it, edit it, confirm it is still right, record
the people it reached in a quarter, or remove it. Only the listing's organisation (and the
place's coordinators) may change it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from coordination.places.mixins import PlaceMixin, PlacePermissionMixin, get_object_or_404_in_place
from coordination.service_views import ServiceFormMixin

from .. import selectors, services
from ..forms import ImpactForm, ServiceForm
from ..models import Service
from ._common import RemoveView


class EditableServiceMixin:
    """For pages about one listing: the service, when this person may change it (else 403)."""

    def get_service(self):
        service = get_object_or_404_in_place(
            selectors.services_in_place(self.place), pk=self.kwargs["pk"]
        )
        if not selectors.can_edit_service(self.request.user, self.place, service):
            raise PermissionDenied
        return service


def _to_service_kwargs(data):
    data = dict(data)
    if data.get("whole_place"):
        data["areas"] = []
    return data


class ServiceFormPage(PlacePermissionMixin):
    """The listing's form, offering the organisations this person may list services for."""

    permission = "add_services"
    template_name = "mapping/service_form.html"
    form_class = ServiceForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "place": self.place,
            "organisations": selectors.service_organisation_choices(self.request.user, self.place),
        }


class ServiceCreateView(ServiceFormPage, ServiceFormMixin, FormView):
    def perform(self, form):
        data = _to_service_kwargs(form.cleaned_data)
        service = services.service_create(place=self.place, actor=self.request.user, **data)
        messages.success(
            self.request, _("%(name)s added to the directory.") % {"name": service.name}
        )
        return redirect(service.get_absolute_url())


class ServiceUpdateView(EditableServiceMixin, ServiceFormPage, ServiceFormMixin, FormView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_service()}

    def get_context_data(self, **kwargs):
        kwargs["service"] = self.get_service()
        return super().get_context_data(**kwargs)

    def perform(self, form):
        service = self.get_service()
        data = _to_service_kwargs(form.cleaned_data)
        services.service_update(place=self.place, actor=self.request.user, service=service, **data)
        messages.success(self.request, _("%(name)s updated.") % {"name": service.name})
        return redirect(service.get_absolute_url())


class ServiceVerifyView(EditableServiceMixin, PlaceMixin, View):
    """The organisation confirms its listing is still right (answers the six-monthly reminder)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        service = self.get_service()
        services.service_verify(place=self.place, actor=request.user, service=service)
        messages.success(request, _("Thank you: the listing is marked as checked today."))
        return redirect(service.get_absolute_url())


class ServiceRemoveView(EditableServiceMixin, RemoveView):
    model = Service

    def get_row(self):
        return self.get_service()

    def describe(self, service):
        return {
            "name": service.name,
            "caption": service.organisation.name,
            "heading": _("Remove this service from the directory?"),
            "explanation": _(
                "The listing, and the people it reached each quarter, are removed for good. If "
                "the service has stopped or paused, change its status instead: the listing then "
                "stays on record and leaves the directory and the analysis."
            ),
            "back_url": service.get_absolute_url(),
            "button": _("Remove the service"),
        }

    def remove(self, service):
        services.service_remove(place=self.place, actor=self.request.user, service=service)

    def after_url(self, service):
        return reverse("places:mapping:service_list", kwargs={"place_slug": self.place.slug})


class ImpactRecordView(EditableServiceMixin, PlaceMixin, ServiceFormMixin, FormView):
    template_name = "mapping/impact_form.html"
    form_class = ImpactForm

    def get_context_data(self, **kwargs):
        kwargs["service"] = self.get_service()
        return super().get_context_data(**kwargs)

    def perform(self, form):
        service = self.get_service()
        services.impact_record(
            place=self.place, actor=self.request.user, service=service, **form.cleaned_data
        )
        messages.success(self.request, _("Reach recorded."))
        return redirect(service.get_absolute_url())
