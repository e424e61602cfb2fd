"""Fixtures for the commissioning tests: a council, its officer and a charity leader per place."""

import pytest

from tests.support.commissioning import council_of, leader_of, officer_of


@pytest.fixture
def council(bucks):
    return council_of(bucks, "Buckinghamshire Council")


@pytest.fixture
def officer(bucks, council):
    return officer_of(bucks, council, name="Olu Officer")


@pytest.fixture
def charity(bucks):
    return leader_of(bucks, name="Cara Leader")  # (person, organisation)
