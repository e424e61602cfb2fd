"""Public figures: every funder's in the place, one funder's beside them all, and the calendar of
deadlines."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from coordination.accounts.permissions import can
from coordination.caching.versions import kept, versions
from coordination.ops.outage_errors import CACHE_ERRORS
from coordination.organisations.models import Organisation
from coordination.paging import section_page
from coordination.places.mixins import PlacePermissionMixin
from coordination.service_views import ServiceFormMixin

from .. import charts, selectors, services
from ..forms import FundingPolicyForm
from ..models import FundingPolicy
from ._common import FundingPage


class FiguresView(FundingPage, TemplateView):
    template_name = "funding/figures.html"

    def get_context_data(self, **kwargs):
        place = self.place
        snapshot = services.figures_snapshot_of(place)
        stored = selectors.stored_figures(snapshot)
        figures, funder_figures = stored.figures, stored.funder_figures
        kwargs["figures_as_of"] = stored.computed_at
        kwargs["figures"] = figures
        kwargs["funder_figures"] = funder_figures
        kwargs["rows"] = [
            (_("All funders in %(place)s") % {"place": place.name}, {"figures": figures})
        ] + [(f.name, {"funder": f, "figures": figs}) for f, figs in funder_figures]
        kwargs["charts"] = SimpleLazyObject(
            lambda: charts.place_charts(place, figures, funder_figures)
        )
        kwargs["programmes_page"], kwargs["success_chart"] = _programmes_page(self.request, figures)
        kwargs["burden_rows"] = _burden_rows(place, stored)
        for part in ("compare", "funders"):
            kwargs[f"{part}_html"] = _every_funder(self.request, part, snapshot, kwargs)
        kwargs["grants"] = section_page(
            self.request, selectors.recent_grants(place), "grants_page", "grants"
        )
        kwargs["short_windows"] = selectors.short_window_programmes(place)
        kwargs["can_set_measures"] = can(self.request.user, place, "set_measures")
        return super().get_context_data(**kwargs)


def _every_funder(request, part, snapshot, context):
    """The figures page's ``part`` with a row for every funder (a county has dozens), rendered
    once per stored snapshot and change to the place, and kept in the shared cache for
    PUBLIC_PAGE_CACHE_SECONDS: the rows show only published figures and organisations' names."""
    place = request.place

    def render():
        return render_to_string(
            f"funding/includes/figures_{part}.html", {**context, "place": place}, request=request
        )

    try:
        place_version, every_version = versions(place.pk)
    except CACHE_ERRORS:
        return render()
    key = ":".join(
        str(bit)
        for bit in (
            "funding-figures",
            part,
            place.pk,
            place.slug,
            snapshot.pk,
            snapshot.computed_at.isoformat(),
            place_version,
            every_version,
            get_language(),
        )
    )
    # A template's output is a SafeString, and stays one through the cache (pickled).
    return kept(key, render, settings.PUBLIC_PAGE_CACHE_SECONDS)


def _programmes_page(request, figures):
    """(A page of the success rates by programme, its chart): a county has hundreds of
    programmes, and the chart beside the table draws the same page."""
    page = section_page(request, figures.programmes, "programmes_page", "success-rates")
    return page, charts.success_chart(page.object_list)


def _burden_rows(place, stored):
    """Applying once: [(label, BurdenFigures)] for the place, then each funder."""
    return [(_("All funders in %(place)s") % {"place": place.name}, stored.burden)] + [
        (f.name, stored.burden_of.get(f.pk) or selectors.no_burden())
        for f, _figs in stored.funder_figures
    ]


class FundingPolicyView(PlacePermissionMixin, FundingPage, ServiceFormMixin, FormView):
    """A place admin sets what the figures count as short-term funding here."""

    permission = "set_measures"
    template_name = "places/policy_form.html"
    form_class = FundingPolicyForm

    def get_context_data(self, **kwargs):
        kwargs.update(
            heading=_("What counts as short-term funding"),
            intro=_(
                "Groups in %(place)s asked funders for fewer short spending deadlines. The "
                "published figures show the share of grants whose money must be spent in fewer "
                "months than the number you set here, for every funder and for the place."
            )
            % {"place": self.place.name},
            back_url=reverse("places:funding:figures", kwargs={"place_slug": self.place.slug}),
            back_label=_("Back to the funders’ figures"),
        )
        return super().get_context_data(**kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": FundingPolicy.of(self.place)}

    def perform(self, form):
        services.funding_policy_update(
            place=self.place,
            actor=self.request.user,
            short_term_months=form.cleaned_data["short_term_months"],
        )
        messages.success(self.request, _("Saved. The figures count short-term funding this way."))
        return redirect(reverse("places:funding:figures", kwargs={"place_slug": self.place.slug}))


class FunderFiguresView(FundingPage, TemplateView):
    """One funder's published figures in this place, beside all funders here."""

    template_name = "funding/funder_figures.html"
    model = Organisation

    def get_context_data(self, **kwargs):
        place = self.place
        funder = selectors.funders_in_place(place).filter(pk=self.kwargs["pk"]).first()
        if funder is None:
            raise Http404
        stored = selectors.stored_figures(services.figures_snapshot_of(place))
        everyone = stored.figures
        figures = dict(stored.funder_figures).get(funder)
        if figures is None:  # a funder whose programmes here came after the figures were stored
            figures = selectors.compute_figures(place, funder=funder)
        rows = [
            (funder.name, {"funder": funder, "figures": figures}),
            (_("All funders in %(place)s") % {"place": place.name}, {"figures": everyone}),
        ]
        kwargs.update(
            funder=funder,
            figures=figures,
            rows=rows,
            charts={
                "shares": charts.shares_chart([(label, row["figures"]) for label, row in rows]),
            },
            grants=section_page(
                self.request, selectors.recent_grants(place, funder=funder), "grants_page", "grants"
            ),
            short_windows=selectors.short_window_programmes(place, funder=funder),
            figures_as_of=stored.computed_at,
            burden_rows=[
                (funder.name, stored.burden_of.get(funder.pk) or selectors.no_burden()),
                (_("All funders in %(place)s") % {"place": place.name}, stored.burden),
            ],
        )
        kwargs["programmes_page"], kwargs["success_chart"] = _programmes_page(self.request, figures)
        return super().get_context_data(**kwargs)


class CalendarView(FundingPage, TemplateView):
    template_name = "funding/calendar.html"

    def get_context_data(self, **kwargs):
        kwargs["months"] = selectors.deadline_calendar(self.place)
        kwargs["rolling"] = [p for p in selectors.open_programmes(self.place) if p.is_rolling]
        return super().get_context_data(**kwargs)
