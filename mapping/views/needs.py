"""Evidence of need: the list (for the people who may read it), submitting, correcting and
withdrawing it, and the document attached to one (served only to those readers)."""

from pathlib import PurePosixPath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from coordination.accounts.permissions import can
from coordination.places.mixins import PlacePermissionMixin, get_object_or_404_in_place
from coordination.service_views import ServiceFormMixin
from coordination.uploads import NEED_EVIDENCE, serve_upload

from .. import selectors, services
from ..forms import NeedForm
from ..models import Need
from ._common import MappingPage, RemoveView


class NeedListView(MappingPage, PlacePermissionMixin, TemplateView):
    permission = "view_needs"
    template_name = "mapping/need_list.html"

    def get_context_data(self, **kwargs):
        page = Paginator(selectors.needs_in_place(self.place), 50).get_page(
            self.request.GET.get("page")
        )
        editable = selectors.need_editor(self.request.user, self.place)
        kwargs.update(
            needs=page.object_list,
            rows=[(need, editable(need)) for need in page.object_list],
            page_obj=page,
            paginator=page.paginator,
            can_submit=can(self.request.user, self.place, "submit_needs"),
        )
        return super().get_context_data(**kwargs)


class NeedCreateView(PlacePermissionMixin, ServiceFormMixin, FormView):
    permission = "submit_needs"
    template_name = "mapping/need_form.html"
    form_class = NeedForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.place}

    def perform(self, form):
        organisation = selectors.organisations_acted_for(self.request.user, self.place).first()
        services.need_create(
            place=self.place,
            actor=self.request.user,
            organisation=organisation,
            **form.cleaned_data,
        )
        messages.success(self.request, _("Thank you: the evidence of need is recorded."))
        return redirect("places:mapping:need_list", place_slug=self.place.slug)


def _need_data(form):
    data = dict(form.cleaned_data)
    if data.get("evidence_file") is False:  # "clear" ticked: no document any more
        data["evidence_file"] = ""
    elif data.get("evidence_file") is None:
        data.pop("evidence_file", None)
    return data


class NeedChangeMixin(PlacePermissionMixin):
    model = Need
    permission = "submit_needs"

    def get_need(self):
        need = get_object_or_404_in_place(
            selectors.needs_in_place(self.place), pk=self.kwargs["pk"]
        )
        if not selectors.can_edit_need(self.request.user, self.place, need):
            raise PermissionDenied
        return need


class NeedUpdateView(NeedChangeMixin, ServiceFormMixin, FormView):
    template_name = "mapping/need_form.html"
    form_class = NeedForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.place, "instance": self.get_need()}

    def get_context_data(self, **kwargs):
        kwargs["need"] = self.get_need()
        return super().get_context_data(**kwargs)

    def perform(self, form):
        need = self.get_need()
        services.need_update(
            place=self.place, actor=self.request.user, need=need, **_need_data(form)
        )
        messages.success(self.request, _("The evidence of need is updated."))
        return redirect("places:mapping:need_list", place_slug=self.place.slug)


class NeedRemoveView(NeedChangeMixin, RemoveView):
    def get_row(self):
        return self.get_need()

    def describe(self, need):
        return {
            "name": need.summary,
            "caption": f"{need.theme.name}, {need.area.name}",
            "heading": _("Withdraw this evidence of need?"),
            "explanation": _(
                "It is removed for good, with any document attached, and no longer counts in the "
                "gap analysis."
            ),
            "back_url": reverse("places:mapping:need_list", kwargs={"place_slug": self.place.slug}),
            "button": _("Withdraw the evidence"),
        }

    def remove(self, need):
        services.need_remove(place=self.place, actor=self.request.user, need=need)

    def after_url(self, need):
        return reverse("places:mapping:need_list", kwargs={"place_slug": self.place.slug})


class NeedEvidenceView(PlacePermissionMixin, View):
    """The document attached to a need, to people who may read needs (media is never served raw)."""

    permission = "view_needs"
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        need = get_object_or_404_in_place(
            selectors.needs_in_place(self.place), pk=self.kwargs["pk"]
        )
        if not need.evidence_file:
            raise Http404
        name = need.evidence_file.name
        return serve_upload(
            need.evidence_file,
            filename=f"evidence-{need.pk}{PurePosixPath(name).suffix}",
            content_type=NEED_EVIDENCE.content_type_of(name),
        )
