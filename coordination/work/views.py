"""My work: a person's own page in a place, and the same across every place they belong to."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from coordination.accounts.selectors import memberships_of
from coordination.places.mixins import PlaceMixin

from . import selectors


class MyWorkView(LoginRequiredMixin, PlaceMixin, TemplateView):
    template_name = "work/my_work.html"

    def get_context_data(self, **kwargs):
        sections = selectors.my_work(self.place, self.request.user)
        kwargs["sections"] = sections
        kwargs["page_items"] = selectors.PAGE_ITEMS
        kwargs["shown_in_full"] = self.request.GET.get("show", "")
        kwargs["totals"] = selectors.totals(sections)
        kwargs["other_places"] = len({m.place_id for m in memberships_of(self.request.user)}) > 1
        return super().get_context_data(**kwargs)


class MyWorkEverywhereView(LoginRequiredMixin, TemplateView):
    """Every place the person belongs to, each with what is waiting there."""

    template_name = "work/my_work_everywhere.html"

    def get_context_data(self, **kwargs):
        places = {}
        for membership in memberships_of(self.request.user):
            places.setdefault(membership.place_id, membership.place)
        kwargs["places"] = selectors.my_work_everywhere(self.request.user, places.values())
        kwargs["page_items"] = selectors.PAGE_ITEMS
        return super().get_context_data(**kwargs)
