"""An organisation's kept documents: the list and the form to add one, for its own people in this
place, and the download, which only they reach here (funders reach a bid's documents through the
bid)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from coordination.places.mixins import PlaceMixin, get_object_or_404_in_place
from coordination.service_views import ServiceFormMixin
from coordination.uploads import serve_upload

from . import services
from .forms import OrganisationDocumentForm
from .models import Organisation, OrganisationDocument
from .selectors import document_for_member, documents_of, is_member, organisations_in_place


class MemberOrganisationMixin(PlaceMixin):
    """The organisation in the address, for its own people here; everyone else gets a 404."""

    model = Organisation

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def get_organisation(self):
        if not hasattr(self, "_organisation"):
            organisation = get_object_or_404_in_place(
                organisations_in_place(self.place), pk=self.kwargs["pk"]
            )
            if not is_member(self.request.user, self.place, organisation):
                raise Http404
            self._organisation = organisation
        return self._organisation


class OrganisationDocumentsView(MemberOrganisationMixin, TemplateView):
    template_name = "organisations/document_list.html"

    def get_context_data(self, **kwargs):
        organisation = self.get_organisation()
        documents = list(documents_of(organisation))
        kwargs.update(
            organisation=organisation,
            current=[d for d in documents if d.is_current],
            earlier=[d for d in documents if not d.is_current],
            today=timezone.localdate(timezone=self.place.tz),
        )
        return super().get_context_data(**kwargs)


class OrganisationDocumentAddView(MemberOrganisationMixin, ServiceFormMixin, FormView):
    template_name = "organisations/document_form.html"
    form_class = OrganisationDocumentForm

    def get_initial(self):
        kind = self.request.GET.get("kind")
        return {"kind": kind} if kind in dict(self.form_class.base_fields["kind"].choices) else {}

    def get_context_data(self, **kwargs):
        kwargs["organisation"] = self.get_organisation()
        kwargs["back"] = self._back()
        return super().get_context_data(**kwargs)

    def _back(self):
        # Back to the bid being filled in, when that is where the person came from.
        back = self.request.GET.get("next") or self.request.POST.get("next") or ""
        prefix = f"/{self.place.slug}/funding/bids/"
        return back if back.startswith(prefix) and back[len(prefix) :].rstrip("/").isdigit() else ""

    def perform(self, form):
        document = services.document_add(
            place=self.place,
            actor=self.request.user,
            organisation=self.get_organisation(),
            **form.cleaned_data,
        )
        messages.success(
            self.request,
            _("%(title)s is kept. Every bid you make uses it from now on.")
            % {"title": document.title},
        )
        return redirect(
            self._back()
            or reverse(
                "places:organisation_documents",
                kwargs={"place_slug": self.place.slug, "pk": self.get_organisation().pk},
            )
        )


class OrganisationDocumentDownloadView(PlaceMixin, View):
    """The only way to a kept document from the organisation's side: its own people here."""

    model = OrganisationDocument
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        document = document_for_member(request.user, self.place, self.kwargs["pk"])
        if document is None:
            raise Http404
        return serve_upload(
            document.file, filename=document.original_name, content_type=document.content_type
        )
