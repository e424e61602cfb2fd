"""Paging a part of a page that pages several parts on their own (a tender list's open, upcoming
and closed tenders; funding's overlaps, organisations and shared bids): each part's page number
has its own name in the address, so moving through one part keeps the others where they were.
Rendered by templates/includes/section_pagination.html (GOV.UK pagination)."""

from django.core.paginator import Paginator

SECTION_PAGE_SIZE = 25


def section_page(request, items, param, anchor=None, per_page=SECTION_PAGE_SIZE):
    """One page of ``items`` read from ``param`` (a page number out of range or not a number gives
    the first or last page, never an error): Django's Page with ``previous_url``, ``next_url`` and
    ``current_url``, which keep the rest of the query string and, with ``anchor``, return to it."""
    page = Paginator(items, per_page).get_page(request.GET.get(param))
    params = request.GET.copy()
    fragment = f"#{anchor}" if anchor else ""

    def url(number):
        params[param] = number
        return f"?{params.urlencode()}{fragment}"

    page.param = param
    page.anchor = anchor
    page.previous_url = url(page.previous_page_number()) if page.has_previous() else None
    page.next_url = url(page.next_page_number()) if page.has_next() else None
    page.current_url = url(page.number)
    return page
