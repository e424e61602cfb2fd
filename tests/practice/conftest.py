"""Fixtures for the practice tests: writers and readers in Sutton and Coventry, and API clients."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from coordination.accounts.models import Role


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def people(sutton, coventry, make_member):
    return {
        "sutton_officer": make_member(sutton, Role.COUNCIL_OFFICER, name="Sal Sutton"),
        "sutton_leader": make_member(sutton, Role.CHARITY_LEADER, name="Lee Leader"),
        "sutton_resident": make_member(sutton, Role.RESIDENT, name="Ria Resident"),
        "coventry_officer": make_member(
            coventry, Role.COUNCIL_OFFICER, name="Cole Coventry", email="cole@coventry.example"
        ),
        "coventry_resident": make_member(coventry, Role.RESIDENT, name="Rob Resident"),
    }


@pytest.fixture
def api_as():
    def sign_in(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user=user)
        return client

    return sign_in
