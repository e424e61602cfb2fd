"""Publishing an amendment to an open tender, and removing a tender while nothing about it was
published (a test, or a mistake)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.errors import RuleViolation, add_to_form

from .. import selectors, services
from ..forms import AmendmentForm, ConfirmForm
from ._base import ActionView


class AmendmentPublishView(ActionView):
    template_name = "commissioning/amendment_form.html"
    form_class = AmendmentForm
    lookup = staticmethod(selectors.get_tender)
    heading = gettext_lazy("Publish an amendment")
    button = gettext_lazy("Publish the amendment")

    def get_form_kwargs(self):
        tender = self.tender()
        return {
            **super().get_form_kwargs(),
            "place": self.place,
            "tender": tender,
            "lots": selectors.lots_of(tender),
            "criteria": selectors.criteria_of(tender),
        }

    def get_context_data(self, **kwargs):
        kwargs["amendments"] = selectors.amendments_of(self.tender())
        return super().get_context_data(**kwargs)

    def call_service(self, form):
        amendment = services.amendment_publish(
            place=self.place, actor=self.request.user, tender=self.tender(), **form.amendment()
        )
        messages.success(
            self.request,
            _("Amendment %(n)d published; everyone taking part has been told.")
            % {"n": amendment.number},
        )


class TenderRemoveView(ActionView):
    template_name = "commissioning/tender_remove.html"
    form_class = ConfirmForm
    lookup = staticmethod(selectors.get_tender)
    button = gettext_lazy("Remove this tender")

    def get_heading(self):
        return _("Remove the tender “%(title)s”?") % {"title": self.tender().title}

    def get_context_data(self, **kwargs):
        kwargs["problems"] = selectors.removal_problems(self.tender())
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        tender = self.tender()
        try:
            services.tender_remove(place=self.place, actor=self.request.user, tender=tender)
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Tender %(ref)s removed.") % {"ref": tender.reference})
        return redirect(
            reverse("places:commissioning:tender_list", kwargs={"place_slug": self.place.slug})
        )
