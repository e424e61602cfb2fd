"""In each place's demo, a visitor finds a public service and an answered clarification by words
of its own, from the search page, and a decision where the demo records one (Buckinghamshire's
recovery board; the other tests in tests/search/ find decisions they record)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django_scopes import scopes_disabled

from coordination.places.models import Place
from coordination.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def test_a_visitor_finds_a_service_and_a_clarification_in_every_place():
    call_command("seed_demo", stdout=StringIO())
    visitor = Client()
    for place in Place.objects.filter(slug__in=["buckinghamshire", "coventry", "sutton"]):
        kinds = ["service", "clarification"] + (
            ["decision"] if place.slug == "buckinghamshire" else []
        )
        for kind in kinds:
            with scopes_disabled():
                entry = (
                    SearchEntry.objects.filter(place=place, kind=kind, public=True)
                    .order_by("pk")
                    .first()
                )
            assert entry is not None, (place.slug, kind)
            page = visitor.get(f"/{place.slug}/search/", {"q": entry.title})
            assert page.status_code == 200
            assert f'href="{entry.url}"' in page.content.decode(), (place.slug, kind, entry.title)
