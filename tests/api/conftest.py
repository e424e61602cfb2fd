"""Fixtures for the API tests: a DRF client, and throttle counters that start at zero."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # Throttle counts live in the cache; one test's requests must not throttle the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def api_as(api):
    """api_as(user) -> the API client signed in as that person."""

    def sign_in(user):
        api.force_authenticate(user=user)
        return api

    return sign_in
