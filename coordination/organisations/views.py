"""The organisations working in a place: a public list and detail, and edits for coordinators."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView

from coordination.accounts.permissions import can
from coordination.places.mixins import PlaceMixin, PlacePermissionMixin, get_object_or_404_in_place
from coordination.service_views import ServiceFormMixin
from coordination.text_limits import filter_text

from . import services
from .forms import OrganisationForm
from .models import OrganisationKind
from .selectors import is_member, organisations_in_place


class OrganisationListView(PlaceMixin, ListView):
    template_name = "organisations/organisation_list.html"
    context_object_name = "organisations"
    paginate_by = 50

    def get_queryset(self):
        kind = self.request.GET.get("kind")
        if kind not in OrganisationKind.values:
            kind = None
        return organisations_in_place(
            self.place, kind=kind, search=filter_text(self.request.GET.get("q"))
        )

    def get_context_data(self, **kwargs):
        kwargs["kinds"] = OrganisationKind.choices
        kwargs["selected_kind"] = self.request.GET.get("kind", "")
        kwargs["query"] = filter_text(self.request.GET.get("q"))
        kwargs["can_manage"] = can(self.request.user, self.place, "manage_organisations")
        return super().get_context_data(**kwargs)


class OrganisationDetailView(PlaceMixin, DetailView):
    template_name = "organisations/organisation_detail.html"
    context_object_name = "organisation"

    def get_object(self, queryset=None):
        return get_object_or_404_in_place(organisations_in_place(self.place), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        kwargs["areas"] = self.object.areas.filter(place=self.place)
        kwargs["can_manage"] = can(self.request.user, self.place, "manage_organisations")
        kwargs["is_member"] = is_member(self.request.user, self.place, self.object)
        return super().get_context_data(**kwargs)


class OrganisationCreateView(PlacePermissionMixin, ServiceFormMixin, FormView):
    permission = "manage_organisations"
    template_name = "organisations/organisation_form.html"
    form_class = OrganisationForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.place}

    def perform(self, form):
        organisation = services.organisation_create(
            place=self.place, actor=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, _("%(name)s added.") % {"name": organisation.name})
        return redirect(
            "places:organisation_detail", place_slug=self.place.slug, pk=organisation.pk
        )


class OrganisationUpdateView(OrganisationCreateView):
    def get_organisation(self):
        return get_object_or_404_in_place(organisations_in_place(self.place), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_organisation()}

    def get_context_data(self, **kwargs):
        kwargs["organisation"] = self.get_organisation()
        return super().get_context_data(**kwargs)

    def perform(self, form):
        organisation = self.get_organisation()
        organisation.refresh_from_db()
        services.organisation_update(
            place=self.place,
            actor=self.request.user,
            organisation=organisation,
            **form.cleaned_data,
        )
        messages.success(self.request, _("%(name)s updated.") % {"name": organisation.name})
        return redirect(
            "places:organisation_detail", place_slug=self.place.slug, pk=organisation.pk
        )
