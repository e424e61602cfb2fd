"""Fixtures for the mapping tests: themes, communities, areas and services built through the services."""

import pytest
from django.utils.text import slugify

from coordination.organisations.models import Community
from coordination.places.models import Area
from coordination.places.services import area_create
from coordination.vocabularies.models import Theme
from mapping import services
from tests.support.factories import OrganisationFactory


@pytest.fixture
def theme(db):
    """theme(slug) -> a shared theme (the migration made them)."""
    return lambda slug: Theme.objects.get(slug=slug, place__isnull=True)


@pytest.fixture
def community(db):
    def get(name):
        return Community.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]

    return get


@pytest.fixture
def area(db):
    def get(place, name):
        found = Area.objects.for_place(place).filter(slug=slugify(name)).first()
        return found or area_create(place=place, name=name, kind="ward")

    return get


@pytest.fixture
def make_service(db, theme):
    """make_service(place, name, themes=[slugs], areas=[Area], ...) through service_create."""

    def make(place, name, *, themes=("food",), areas=(), organisation=None, actor=None, **fields):
        organisation = organisation or OrganisationFactory(places=[place])
        fields.setdefault("whole_place", not areas)
        return services.service_create(
            place=place,
            actor=actor,
            organisation=organisation,
            name=name,
            themes=[theme(t) if isinstance(t, str) else t for t in themes],
            areas=list(areas),
            **fields,
        )

    return make
