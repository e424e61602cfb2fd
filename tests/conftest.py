"""Shared fixtures: every test database holds Buckinghamshire, Coventry and Sutton (created by migration)."""

import pytest

from coordination.accounts.models import Role
from coordination.places.models import Place

from .factories import DEMO_PASSWORD, MembershipFactory, OrganisationFactory, UserFactory

ORGANISATION_ROLES = {Role.COUNCIL_OFFICER, Role.FUNDER, Role.CHARITY_LEADER, Role.PARTNER}


@pytest.fixture
def bucks(db):
    return Place.objects.get(slug="buckinghamshire")


@pytest.fixture
def coventry(db):
    return Place.objects.get(slug="coventry")


@pytest.fixture
def sutton(db):
    return Place.objects.get(slug="sutton")


@pytest.fixture
def password():
    return DEMO_PASSWORD


@pytest.fixture
def make_member(db):
    """make_member(place, role, **user_fields) -> a verified person holding that role in that place."""

    def make(place, role, organisation=None, **user_fields):
        role = Role(role)
        if organisation is None and role in ORGANISATION_ROLES:
            organisation = OrganisationFactory(places=[place])
        user = UserFactory(**user_fields)
        MembershipFactory(place=place, user=user, role=role, organisation=organisation)
        return user

    return make


@pytest.fixture
def admin_of(make_member):
    return lambda place, **kw: make_member(place, Role.PLACE_ADMIN, **kw)
