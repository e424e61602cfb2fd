"""Query budgets: every list page and API list costs as many queries for 20 rows as for 3.

The same builders that fill place A for the isolation walk fill Coventry three times and Sutton
twenty times over (every kind of object: organisations, services, boards, meetings, bids, tenders...).
Then every route that takes only the place (lists, dashboards, home pages, API lists) is asked for
in both places by a person holding every role there, and the queries are counted: a page whose
count grows with its rows is an N+1, which at a county's scale turns one page into thousands of
queries. Budgets are per route and equal, not a fixed number: what matters is that it is constant.
(Three, not one: with one of everything some lists are empty for the person asking, and an empty
list skips its prefetch queries, which would make a constant page look as if it grew.)
"""

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support.budgets import FEW, MANY, filled, no_throttling  # noqa: F401 (fixtures)
from tests.support.routes import PLACE_KWARG, client_for, place_pages_to_get

# Pages whose cost is allowed to grow, and why. Keep this empty unless a reason is written here.
GROWS_BY_DESIGN = {}


@pytest.fixture(autouse=True)
def _admins_need_mfa(settings):
    settings.MFA_REQUIRED_FOR_ADMINS = True


@pytest.fixture(autouse=True)
def _places_kept_while_counting(settings):
    # Each process keeps the places it read for PLACE_CACHE_SECONDS; on a busy machine the warm-up
    # and the counted request can be further apart than that, and the counted one would read the
    # place again. Kept for the test (which forgets them at its end), both counts read it alike.
    settings.PLACE_CACHE_SECONDS = 3600
    # My work is kept a minute once read: the counts are of reading it.
    settings.MY_WORK_CACHE_SECONDS = 0


def _count(route, person, slug):
    url = route.url({PLACE_KWARG: slug})
    client = client_for(route, person)
    client.get(url)  # warm: sessions, caches, lazy settings
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert not response.get("Location", "").startswith("/accounts/"), (
        f"{url}: sent to {response['Location']} instead of the page"
    )
    return response.status_code, len(queries), [q["sql"] for q in queries]


@pytest.mark.parametrize("route", place_pages_to_get(), ids=lambda r: r.text)
def test_the_cost_of_a_page_does_not_grow_with_its_rows(route, filled, db):  # noqa: F811
    status_few, few, sql_few = _count(route, filled["coventry"], "coventry")
    status_many, many, sql_many = _count(route, filled["sutton"], "sutton")
    assert status_few < 400 and status_many < 400, (status_few, status_many)
    if route.text in GROWS_BY_DESIGN:
        return
    assert many <= few, (
        f"{route.text}: {few} queries for {FEW} of everything, {many} for {MANY}. "
        "Prefetch or annotate what each row reads. Queries that repeat with the rows:\n"
        + _repeats(sql_few, sql_many)
    )


def _shape(sql):
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


def _repeats(few, many):
    grown = Counter(map(_shape, many)) - Counter(map(_shape, few))
    return "\n".join(f"{n} x {sql[:400]}" for sql, n in grown.most_common(5))


# The comparison of places (/compare/ and GET /api/v1/compare/) takes no place: its cost may grow
# with the places compared (each place's figures are read once), never with their rows.


def _queries(call):
    call()  # warm: lazy settings, caches
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries), [q["sql"] for q in queries]


def test_the_comparison_costs_the_same_for_a_place_of_few_rows_as_of_many(filled, db):  # noqa: F811
    from coordination.places.comparison import comparison
    from coordination.places.models import Place

    few, sql_few = _queries(lambda: comparison([Place.objects.get(slug="coventry")]))
    many, sql_many = _queries(lambda: comparison([Place.objects.get(slug="sutton")]))
    assert few > 1  # the figures are read: rows there or not, the same reads
    assert many <= few, (
        f"comparison: {few} queries for {FEW} of everything, {many} for {MANY}:\n"
        + _repeats(sql_few, sql_many)
    )


@pytest.mark.parametrize("url", ["/compare/", "/api/v1/compare/"])
def test_the_comparison_page_and_api_grow_with_places_only(url, filled, client, db):  # noqa: F811
    from coordination.places.comparison import comparison
    from coordination.places.models import Place

    per_place, _sql = _queries(lambda: comparison([Place.objects.get(slug="sutton")]))
    per_place -= 1  # the Place.objects.get above is the test's, not the comparison's
    three, sql_three = _queries(lambda: client.get(url))
    Place.objects.filter(slug="sutton").update(is_active=False)
    two, _sql = _queries(lambda: client.get(url))
    Place.objects.filter(slug="coventry").update(is_active=False)
    one, _sql = _queries(lambda: client.get(url))
    # Sutton (20 of everything) adds the same reads as Coventry (3): a place's cost is its
    # figures' fixed number of queries. (Buckinghamshire, left, is empty here, and an empty
    # list skips its prefetch, so it may cost less.)
    assert three - two == two - one == per_place, (three, two, one, per_place, sql_three)
