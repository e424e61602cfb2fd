"""Fixtures for the boards tests: media in a temporary folder, a board with a chair and secretary."""

import pytest

from coordination.accounts.models import Role
from coordination.places.tenancy import place_scope


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def in_bucks(bucks):
    with place_scope(bucks):
        yield bucks


@pytest.fixture
def people(bucks, make_member, admin_of):
    return {
        "admin": admin_of(bucks, name="Ada Admin"),
        "officer": make_member(bucks, Role.COUNCIL_OFFICER, name="Olu Officer"),
        "chair": make_member(bucks, Role.CHARITY_LEADER, name="Cara Chair"),
        "secretary": make_member(bucks, Role.CHARITY_LEADER, name="Sam Secretary"),
        "member": make_member(bucks, Role.PARTNER, name="Mo Member"),
        "leader": make_member(bucks, Role.CHARITY_LEADER, name="Lee Outsider"),
        "resident": make_member(bucks, Role.RESIDENT, name="Rae Resident"),
        "neighbour": make_member(bucks, Role.RESIDENT, name="Nia Neighbour"),
    }
