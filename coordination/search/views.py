"""The search page of a place: the form, ranked results with the words marked, a filter by kind
with counts, and pages of 20. An empty search shows a hint, never every record."""

from django.views.generic import TemplateView

from coordination.places.mixins import PlaceMixin

from . import selectors
from .forms import SearchForm


class SearchView(PlaceMixin, TemplateView):
    template_name = "search/search.html"

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET or None)
        outcome = None
        if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
            data = form.cleaned_data
            outcome = selectors.search(
                self.place, self.request.user, data["q"], data["type"], data["page"] or 1
            )
        kwargs.update(form=form, outcome=outcome)
        return super().get_context_data(**kwargs)
