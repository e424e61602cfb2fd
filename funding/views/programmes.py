"""Programmes: the public list and page of each, and a funder's forms to publish and change one."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from coordination.paging import section_page
from coordination.places.mixins import PlacePermissionMixin
from coordination.service_views import ServiceFormMixin

from .. import permissions, selectors, services
from ..forms import ProgrammeForm
from ._common import FundingPage, place_today


class ProgrammeListView(FundingPage, TemplateView):
    """Programmes open for bids now (25 a page), then those opening later and those closed (10 a
    page each: fewer people look there), each part paged on its own."""

    template_name = "funding/programme_list.html"
    part_sizes = {"open": 25, "upcoming": 10, "closed": 10}

    def get_context_data(self, **kwargs):
        parts = selectors.programme_list_parts(self.place, place_today(self.place))
        for name, programmes in parts.items():
            kwargs[f"{name}_programmes"] = section_page(
                self.request, programmes, name, anchor=name, per_page=self.part_sizes[name]
            )
        return super().get_context_data(**kwargs)


class ProgrammeMixin(FundingPage):
    def get_programme(self):
        if not hasattr(self, "_programme"):
            self._programme = selectors.get_programme(self.place, self.kwargs["pk"])
            if self._programme is None:
                raise Http404
        return self._programme


class ProgrammeDetailView(ProgrammeMixin, TemplateView):
    template_name = "funding/programme_detail.html"

    def get_context_data(self, **kwargs):
        programme = self.get_programme()
        user = self.request.user
        kwargs["programme"] = programme
        kwargs["is_its_funder"] = permissions.can_manage_programme(user, self.place, programme)
        kwargs["is_open"] = programme.is_open_on(place_today(self.place))
        if kwargs["is_its_funder"]:
            kwargs["bids"] = selectors.bids_visible_to(user, self.place).filter(programme=programme)
        kwargs["other_places"] = programme.places.exclude(pk=self.place.pk)
        kwargs["board_fund"] = selectors.fund_of_programme(self.place, programme)
        kwargs["questions"] = list(selectors.questions_of(programme))
        kwargs["requirements"] = list(selectors.requirements_of(programme))
        return super().get_context_data(**kwargs)


class ProgrammeCreateView(FundingPage, PlacePermissionMixin, ServiceFormMixin, FormView):
    permission = "manage_programmes"
    template_name = "funding/programme_form.html"
    form_class = ProgrammeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.place, "user": self.request.user}

    def perform(self, form):
        programme = services.programme_create(
            place=self.place, actor=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, _("%(title)s is published.") % {"title": programme.title})
        return redirect(
            "places:funding:programme_detail", place_slug=self.place.slug, pk=programme.pk
        )


class ProgrammeUpdateView(ProgrammeMixin, ProgrammeCreateView):
    def dispatch(self, request, *args, **kwargs):
        programme = self.get_programme()
        if not permissions.can_manage_programme(request.user, self.place, programme):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_programme()}

    def get_context_data(self, **kwargs):
        kwargs["programme"] = self.get_programme()
        return super().get_context_data(**kwargs)

    def perform(self, form):
        programme = self.get_programme()
        programme.refresh_from_db()
        services.programme_update(
            place=self.place, actor=self.request.user, programme=programme, **form.cleaned_data
        )
        messages.success(
            self.request, _("Changes to %(title)s saved.") % {"title": programme.title}
        )
        return redirect(
            "places:funding:programme_detail", place_slug=self.place.slug, pk=programme.pk
        )
