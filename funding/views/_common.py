"""The base of every funding page: the place, what the person may do there, and today's date there."""

from django.core.paginator import Paginator
from django.utils import timezone

from coordination.accounts.permissions import can
from coordination.places.mixins import PlaceMixin


def place_today(place):
    return timezone.localdate(timezone=place.tz)


class FundingPage(PlaceMixin):
    def get_context_data(self, **kwargs):
        user, place = self.request.user, self.place
        kwargs.setdefault("can_manage_programmes", can(user, place, "manage_programmes"))
        kwargs.setdefault("can_apply", can(user, place, "apply_for_funding"))
        kwargs.setdefault("can_coordinate", can(user, place, "coordinate_funding"))
        kwargs.setdefault("today", place_today(place))
        return super().get_context_data(**kwargs)


SECTION_PAGE_SIZE = 25


def section_page(request, items, param, anchor, per_page=SECTION_PAGE_SIZE):
    """One page of a long list on a page that pages several: a Django Page read from ``param``
    (a page number out of range or not a number gives the first or last page, never an error),
    with ``previous_url`` and ``next_url`` that keep the other lists' pages and return to
    ``anchor``, and ``anchor`` itself."""
    page = Paginator(items, per_page).get_page(request.GET.get(param))
    params = request.GET.copy()

    def url(number):
        params[param] = number
        return f"?{params.urlencode()}#{anchor}"

    page.anchor = anchor
    page.previous_url = url(page.previous_page_number()) if page.has_previous() else None
    page.next_url = url(page.next_page_number()) if page.has_next() else None
    page.current_url = url(page.number)
    return page
