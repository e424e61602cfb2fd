"""The commissioning figures page pages its co-design summaries and its awards, 10 a page each,
newest first, each part on its own."""

import pytest
from django.urls import reverse

from commissioning.models import Award
from coordination.accounts.models import Membership, Role
from coordination.places.tenancy import place_scope
from tests.support.commissioning import build_commissioning
from tests.support.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def awards_past_a_page(bucks):
    person = UserFactory(name="Every Role", email="everyrole@bucks.example")
    charity = OrganisationFactory(name="Every Role Charity", places=[bucks])
    # Every role, as the isolation walk's person: they run the tenders and bid for their charity.
    for role in Role:
        organisation = None if role in {Role.RESIDENT, Role.PLACE_ADMIN} else charity
        Membership.objects.create(place=bucks, user=person, role=role, organisation=organisation)
    with place_scope(bucks):
        build_commissioning(bucks, person, 12)
        return list(Award.objects.for_place(bucks).order_by("-decided_at", "-pk"))


def test_awards_are_paged_ten_at_a_time_newest_first(client, bucks, awards_past_a_page):
    url = reverse("places:commissioning:figures", kwargs={"place_slug": bucks.slug})
    assert len(awards_past_a_page) > 10
    first = client.get(url).content.decode()
    total = len(awards_past_a_page)
    assert f"1 to 10 of {total}, newest first" in first
    assert 'aria-label="Pages of awards"' in first
    assert "?awards_page=2#awards" in first
    second = client.get(url, {"awards_page": 2}).content.decode()
    assert f"11 to {total} of {total}, newest first" in second
    # Odd page numbers show a page, never an error.
    assert client.get(url, {"awards_page": "x", "co_design_page": "-3"}).status_code == 200
