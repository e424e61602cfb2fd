"""Shared by the pickers' tests."""

import pytest

from coordination.pickers.fields import SELECT_UP_TO
from tests.support.factories import OrganisationFactory


@pytest.fixture
def many(bucks, coventry):
    """More of Buckinghamshire's organisations than a select or plain checkboxes would list, one
    named alike in Coventry."""
    named = [
        "Age UK Buckinghamshire",
        "Wycombe Age Concern",
        "Chiltern Foodbank",
        "Aylesbury Foodbank",
        "Marlow Foodbank",
    ]
    made = {name: OrganisationFactory(name=name, places=[bucks]) for name in named}
    for number in range(SELECT_UP_TO):
        OrganisationFactory(name=f"Parish council {number}", places=[bucks])
    made["elsewhere"] = OrganisationFactory(name="Age UK Coventry", places=[coventry])
    return made
