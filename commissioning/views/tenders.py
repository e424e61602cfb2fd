"""Tender pages: the public list, a tender's page and its timeline; and the officers' forms to add
and change a tender, move it between stages, and set its lots and its demand and value."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from coordination.accounts.permissions import can
from coordination.organisations.models import Organisation
from coordination.paging import section_page
from coordination.places.mixins import PlaceMixin
from coordination.service_views import ServiceFormMixin

from .. import selectors, services
from ..forms import (
    ConfirmForm,
    DemandPeriodForm,
    LotForm,
    StageChangeForm,
    TenderForm,
    TenderUpdateForm,
)
from ..models import AMENDABLE_FIELDS, AMENDMENT_STAGES, LIVE_STAGES, UPCOMING_STAGES, Lot, Stage
from ..permissions import acting_organisation_ids, can_run_tender, councils_run_by
from ._base import ActionView, TenderMixin, deny


class TenderListView(PlaceMixin, TemplateView):
    """The public list in three parts (open or in evaluation, upcoming, awarded or cancelled), each
    paged on its own (``open``, ``upcoming`` and ``closed`` name the page of each in the address,
    so moving through one part keeps the others where they were)."""

    template_name = "commissioning/tender_list.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        tenders = selectors.tenders_listed(self.place)
        parts = {
            "open": tenders.filter(stage__in=(Stage.OPEN, Stage.EVALUATION)),
            "upcoming": tenders.filter(stage__in=UPCOMING_STAGES),
            "closed": tenders.exclude(stage__in=LIVE_STAGES),
        }
        for name, queryset in parts.items():
            kwargs[f"{name}_tenders"] = section_page(
                self.request, queryset, name, per_page=self.paginate_by
            )
        kwargs["can_create"] = councils_run_by(self.request.user, self.place).exists()
        return super().get_context_data(**kwargs)


class TenderDetailView(TenderMixin, TemplateView):
    template_name = "commissioning/tender_detail.html"

    def get_context_data(self, **kwargs):
        tender = self.get_tender()
        user = self.request.user
        mine = acting_organisation_ids(user, self.place)
        kwargs.update(
            timeline=selectors.timeline_entries(tender),
            bids_sealed=selectors.bids_are_sealed(tender),
            bids_count=selectors.bids_received(tender),
            can_amend=tender.stage in AMENDMENT_STAGES,
            removable=can_run_tender(user, self.place, tender)
            and not selectors.removal_problems(tender),
            lots=selectors.lots_of(tender),
            criteria=selectors.criteria_of(tender),
            award=selectors.award_of(tender),
            counts=selectors.invitation_counts(tender),
            questions=selectors.clarifications_for(user, self.place, tender),
            proportionality=selectors.proportionality(tender),
            can_see_co_design=selectors.can_see_co_design(user, self.place, tender),
            my_invitations=selectors.invitations_to(user, self.place, tender),
            takes_part=bool(mine),
            acting_ids=mine,
            upcoming=selectors.is_upcoming(tender),
            my_submissions=selectors.submissions_visible_to(user, self.place, tender)
            if mine
            else [],
        )
        return super().get_context_data(**kwargs)


class TimelineView(TenderMixin, TemplateView):
    template_name = "commissioning/timeline.html"

    def get_context_data(self, **kwargs):
        kwargs["timeline"] = selectors.timeline_entries(self.get_tender())
        return super().get_context_data(**kwargs)


class TenderCreateView(ServiceFormMixin, PlaceMixin, FormView):
    template_name = "commissioning/tender_form.html"
    form_class = TenderForm

    def dispatch(self, request, *args, **kwargs):
        if not can(request.user, request.place, "run_tenders"):
            return deny(request)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "place": self.place,
            "councils": councils_run_by(self.request.user, self.place),
        }

    def perform(self, form):
        tender = services.tender_create(
            place=self.place, actor=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, _("Tender %(ref)s added.") % {"ref": tender.reference})
        return redirect(tender.get_absolute_url())


class TenderUpdateView(ActionView):
    template_name = "commissioning/tender_form.html"
    form_class = TenderUpdateForm
    lookup = staticmethod(selectors.get_tender)

    def get_form_kwargs(self):
        tender = self.tender()
        initial = {
            name: getattr(tender, name)
            for name in TenderUpdateForm.base_fields
            if name not in ("themes", "areas", "commissioner")
        }
        initial["themes"] = list(tender.themes.all())
        initial["areas"] = list(tender.areas.all())
        return {
            **super().get_form_kwargs(),
            "place": self.place,
            "councils": Organisation.objects.none(),
            "initial": initial,
            "locked": AMENDABLE_FIELDS if tender.stage in AMENDMENT_STAGES else (),
        }

    def get_context_data(self, **kwargs):
        kwargs["needs_amendment"] = self.tender().stage in AMENDMENT_STAGES
        return super().get_context_data(**kwargs)

    def call_service(self, form):
        services.tender_update(
            place=self.place, actor=self.request.user, tender=self.tender(), **form.cleaned_data
        )
        messages.success(self.request, _("Tender updated."))


class StageChangeView(ActionView):
    form_class = StageChangeForm
    lookup = staticmethod(selectors.get_tender)
    heading = gettext_lazy("Change the tender’s stage")
    button = gettext_lazy("Change stage")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "tender": self.tender()}

    def call_service(self, form):
        tender = services.tender_change_stage(
            place=self.place, actor=self.request.user, tender=self.tender(), **form.cleaned_data
        )
        messages.success(
            self.request,
            _("The tender is now at: %(stage)s.") % {"stage": tender.get_stage_display()},
        )


class LotAddView(ActionView):
    form_class = LotForm
    lookup = staticmethod(selectors.get_tender)
    heading = gettext_lazy("Add a lot")
    button = gettext_lazy("Add lot")

    def call_service(self, form):
        services.lot_add(
            place=self.place, actor=self.request.user, tender=self.tender(), **form.cleaned_data
        )


class LotUpdateView(ActionView):
    model = Lot  # what the pk names (for the isolation walk)
    form_class = LotForm
    lookup = staticmethod(selectors.get_lot)
    heading = gettext_lazy("Change a lot")
    button = gettext_lazy("Save lot")

    def tender(self):
        return self.get_object().tender

    def get_initial(self):
        lot = self.get_object()
        return {
            "title": lot.title,
            "description": lot.description,
            "estimated_value": lot.estimated_value,
        }

    def call_service(self, form):
        services.lot_update(
            place=self.place, actor=self.request.user, lot=self.get_object(), **form.cleaned_data
        )
        messages.success(self.request, _("Lot updated."))


class LotRemoveView(ActionView):
    model = Lot  # what the pk names (for the isolation walk)
    form_class = ConfirmForm
    lookup = staticmethod(selectors.get_lot)
    button = gettext_lazy("Remove lot")

    def tender(self):
        return self.get_object().tender

    def get_heading(self):
        return _("Remove the lot “%(title)s”?") % {"title": self.get_object().title}

    def call_service(self, form):
        services.lot_remove(place=self.place, actor=self.request.user, lot=self.get_object())
        messages.success(self.request, _("Lot removed."))


class DemandPeriodAddView(ActionView):
    form_class = DemandPeriodForm
    lookup = staticmethod(selectors.get_tender)
    heading = gettext_lazy("Add demand and value for a contract")
    button = gettext_lazy("Add")

    def call_service(self, form):
        services.demand_period_add(
            place=self.place, actor=self.request.user, tender=self.tender(), **form.cleaned_data
        )
