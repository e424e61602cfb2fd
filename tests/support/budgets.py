"""Coventry filled three times and Sutton twenty times over with every kind of object (the isolation
walk's builders), each with a person holding every role there: for the tests that compare a page
with few rows to the same page with many (the query budgets, the API's representation check).

The fixtures here are used by the test modules that import them.
"""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import transaction
from django.test import override_settings
from rest_framework.throttling import SimpleRateThrottle

from coordination.accounts.models import Membership, Role
from coordination.places.models import Place
from coordination.places.tenancy import place_scope
from tests.support.factories import OrganisationFactory, UserFactory
from tests.support.isolation import FAST_HASHER, PLACE_A_BUILDERS

FEW, MANY = 3, 20


def _everyone(place):
    person = UserFactory(name=f"{place.name} Budget", email=f"budget@{place.slug}.example")
    organisation = OrganisationFactory(name=f"{place.name} Budget Org", places=[place])
    for role in Role:
        Membership.objects.create(
            place=place,
            user=person,
            role=role,
            organisation=None if role in {Role.RESIDENT, Role.PLACE_ADMIN} else organisation,
        )
    # An admin without an authenticator would be sent to set one up from every page
    # (MFA_REQUIRED_FOR_ADMINS): the budget must count the page itself.
    TOTP.activate(person, generate_totp_secret())
    return person


@pytest.fixture(scope="module")
def filled(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=[FAST_HASHER]):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            people = {}
            for slug, n in (("coventry", FEW), ("sutton", MANY)):
                place = Place.objects.get(slug=slug)
                people[slug] = _everyone(place)
                with place_scope(place):
                    for build in PLACE_A_BUILDERS:
                        build(place, people[slug], n)
            yield people
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def no_throttling(monkeypatch):
    # Many requests from one person: the throttle is not what is being measured.
    monkeypatch.setattr(SimpleRateThrottle, "allow_request", lambda self, request, view: True)
