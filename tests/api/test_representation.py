"""The API's quicker representation answers exactly what DRF's own would.

Shortcuts make a list or detail cheaper to answer (docs/performance.md): answers built from value
rows by a plain function per endpoint instead of the serializer (``coordination.api.rows``), slugs
of themes, areas and communities read in the row itself instead of prefetched
(``coordination.api.slug_lists``), nested lists read from rows prefetched into plain lists
(``coordination.api.serializers.prefetched``), a list's addresses reversed once, and no
filterset built for a read without parameters. Here every API list of a place filled with 20 of
everything (tests/test_query_budgets.py's data), and the first details each links to, are asked
for with the shortcuts and then with DRF's own ways (prefetches of the same rows in the same
order); the answers must be the same, byte for byte.
"""

import re
import sys

import pytest
from django.db.models import Prefetch

from coordination import links
from coordination.api import serializers
from coordination.api.mixins import PlaceScopedViewSetMixin
from coordination.api.rows import RowReads
from coordination.api.slug_lists import with_slug_lists
from tests.support.budgets import filled, no_throttling  # noqa: F401 (fixtures)
from tests.support.routes import PLACE_KWARG, client_for, place_pages_to_get

API_ROUTES = [r for r in place_pages_to_get() if r.is_api]


def _as_prefetches(queryset, **relations):
    return queryset.prefetch_related(None).prefetch_related(
        *(Prefetch(name, queryset=slug_list.rows) for name, slug_list in relations.items())
    )


@pytest.fixture
def drf_own_ways(monkeypatch):
    """Call to switch every shortcut off for the rest of the test."""

    def switch_off():
        # Reads answered by the serializer, from model instances, not from value rows.
        monkeypatch.setattr(RowReads, "answer_from_rows", False)
        monkeypatch.setattr(links, "_PLAIN", re.compile(r"(?!)"))  # reverse every address
        rows_first = serializers._RowsFirstListSerializer
        monkeypatch.setattr(  # nested lists read the relation (DRF's own way: a query each)
            rows_first,
            "get_attribute",
            lambda self, instance: super(rows_first, self).get_attribute(instance),
        )
        monkeypatch.setattr(
            PlaceScopedViewSetMixin,
            "filter_queryset",
            lambda self, qs: super(PlaceScopedViewSetMixin, self).filter_queryset(qs),
        )
        for module in list(sys.modules.values()):
            if getattr(module, "with_slug_lists", None) is with_slug_lists:
                monkeypatch.setattr(module, "with_slug_lists", _as_prefetches)

    return switch_off


def _answers(client, url):
    """The list's answer and those of the first three details it links to."""
    response = client.get(url)
    answers = {url: (response.status_code, response.content)}
    if response.status_code == 200 and response["Content-Type"].startswith("application/json"):
        body = response.json()
        rows = body.get("results") if isinstance(body, dict) else None
        for row in (rows or [])[:3]:
            if isinstance(row, dict) and isinstance(row.get("url"), str):
                detail = row["url"].removeprefix("http://testserver")
                got = client.get(detail)
                answers[detail] = (got.status_code, got.content)
    return answers


@pytest.mark.parametrize("route", API_ROUTES, ids=lambda r: r.text)
def test_the_quick_answer_is_drfs_own(route, filled, db, drf_own_ways):  # noqa: F811
    client = client_for(route, filled["sutton"])
    url = route.url({PLACE_KWARG: "sutton"})
    quick = _answers(client, url)
    drf_own_ways()
    assert _answers(client, url) == quick
    assert all(status < 400 for status, _ in quick.values()), quick


def test_each_serializer_has_fields_of_its_own(db):
    from mapping.serializers import ServiceSerializer

    first, second = ServiceSerializer(), ServiceSerializer()
    for name in ("themes", "organisation", "url", "name"):
        assert first.fields[name] is not second.fields[name]
        assert first.fields[name].parent is first and second.fields[name].parent is second
    assert first.fields["themes"].child_relation is not second.fields["themes"].child_relation
    for serializer in (first, second):  # a held field belongs to its holder, not a template
        themes = serializer.fields["themes"]
        assert themes.child_relation.parent is themes
        assert themes.child_relation.context is serializer.context
