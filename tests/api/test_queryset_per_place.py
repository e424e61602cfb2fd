"""A viewset that says its queryset depends only on the place keeps that promise.

``PlaceScopedViewSetMixin.queryset_per_place = True`` builds ``get_place_queryset(place)`` once
per place and process and hands copies of it to every request in that place. Were such a
queryset to read the person (their organisation, their role, what they may see), the first
person's rows would be served to everyone after them. Here every opted-in viewset builds its
queryset for an anonymous caller, a resident, a charity leader and a place admin, with and
without query parameters: the SQL of the rows and of every prefetch must be the same for all,
and must differ between two places.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.urls import get_resolver
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from coordination.accounts.models import Role
from coordination.api.mixins import PlaceScopedViewSetMixin


def _viewsets():
    """Every viewset class the URLconf routes to that mixes in PlaceScopedViewSetMixin."""
    found, stack = set(), [get_resolver()]
    while stack:
        resolver = stack.pop()
        for entry in resolver.url_patterns:
            if hasattr(entry, "url_patterns"):
                stack.append(entry)
                continue
            cls = getattr(entry.callback, "cls", None)
            if cls is not None and issubclass(cls, PlaceScopedViewSetMixin):
                found.add(cls)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


VIEWSETS = _viewsets()
PER_PLACE = [cls for cls in VIEWSETS if cls.queryset_per_place]


def test_some_viewsets_build_their_queryset_once_per_place():
    # The walk finds the opted-in viewsets (else the test below would check nothing).
    names = {cls.__name__ for cls in PER_PLACE}
    assert {"ServiceViewSet", "OrganisationViewSet", "TenderViewSet"} <= names, names


def _sql(queryset):
    """The SQL of the rows and of each prefetch's own queryset."""
    parts = [str(queryset.query)]
    for lookup in queryset._prefetch_related_lookups:
        if isinstance(lookup, Prefetch) and lookup.queryset is not None:
            parts.append(f"{lookup.prefetch_to}: {lookup.queryset.query}")
        else:
            parts.append(str(lookup))
    return parts


def _built_for(cls, place, user, query):
    request = Request(APIRequestFactory().get("/", query))
    request.user = user
    request._request.place = place
    view = cls(request=request, format_kwarg=None, action="list", kwargs={})
    return _sql(view.get_place_queryset(place))


@pytest.mark.parametrize("cls", PER_PLACE, ids=lambda cls: cls.__name__)
def test_the_queryset_reads_nothing_but_the_place(cls, bucks, sutton, make_member, admin_of):
    people = [
        AnonymousUser(),
        make_member(bucks, Role.RESIDENT),
        make_member(bucks, Role.CHARITY_LEADER),
        admin_of(bucks),
    ]
    first = _built_for(cls, bucks, people[0], {})
    for person in people:
        for query in ({}, {"ordering": "-created_at", "search": "food"}):
            assert _built_for(cls, bucks, person, query) == first, (person, query)
    assert _built_for(cls, sutton, people[0], {}) != first


def test_a_queryset_that_reads_the_person_would_be_caught(bucks, make_member, admin_of):
    # The bids API narrows to what the person may see: the check above tells the two apart.
    from funding.api import BidViewSet

    leader, admin = make_member(bucks, Role.CHARITY_LEADER), admin_of(bucks)
    assert _built_for(BidViewSet, bucks, leader, {}) != _built_for(BidViewSet, bucks, admin, {})


def test_people_with_the_same_audience_get_the_same_bids_query(bucks, make_member):
    # A compiled bid detail is shared by everyone with the same compiled_detail_key: they must
    # get the same SQL, and people with another key other SQL.
    from funding.api import BidViewSet

    from ..factories import OrganisationFactory

    charity, other = OrganisationFactory(places=[bucks]), OrganisationFactory(places=[bucks])
    first = make_member(bucks, Role.CHARITY_LEADER, organisation=charity)
    colleague = make_member(bucks, Role.PARTNER, organisation=charity)
    outsider = make_member(bucks, Role.CHARITY_LEADER, organisation=other)

    def key(user):
        request = Request(APIRequestFactory().get("/"))
        request.user, request._request.place = user, bucks
        return BidViewSet(request=request, format_kwarg=None, kwargs={}).compiled_detail_key()

    assert key(first) == key(colleague) != key(outsider)
    assert _built_for(BidViewSet, bucks, first, {}) == _built_for(BidViewSet, bucks, colleague, {})
    assert _built_for(BidViewSet, bucks, first, {}) != _built_for(BidViewSet, bucks, outsider, {})
