"""Places learn from each other: one public page sets every place's published figures side by
side, funders' and commissioners', on one yardstick."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning import services as commissioning_services
from coordination.places.comparison import comparison, measures
from funding import services
from tests.support.commissioning import tender
from tests.support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def row(groups, key):
    for _group, rows in groups:
        for measure, values in rows:
            if measure.key == key:
                return [text for _value, text in values]
    raise AssertionError(key)


def test_each_place_side_by_side(bucks, coventry, sutton, funder, make_bid, make_member):
    bid = make_bid(submit=True)
    services.bid_award(
        place=bucks,
        actor=funder,
        bid=bid,
        amount=Decimal("10000"),
        start=date(2026, 1, 1),
        months=24,
        spend_by=date(2026, 6, 30),  # six months to spend it: short-term on every yardstick
        awarded_in_past=True,
    )
    council = OrganisationFactory(name="Bucks Council", kind="council", places=[bucks])
    officer = make_member(bucks, "council_officer", organisation=council)
    squeezed = tender(bucks, officer, council)
    for year, demand, value in [(2020, 100, 1000), (2023, 200, 1010)]:
        commissioning_services.demand_period_add(
            place=bucks,
            actor=officer,
            tender=squeezed,
            label=f"{year} contract",
            starts_on=date(year, 4, 1),
            indicator="referrals",
            demand=Decimal(demand),
            value=Decimal(value),
        )
    places, groups = comparison([bucks, coventry, sutton])
    assert [g for g, _rows in groups] == ["Funders", "Commissioners"]
    assert row(groups, "funding.short_share") == ["100%", "no data yet", "no data yet"]
    assert row(groups, "funding.core_share") == ["100%", "no data yet", "no data yet"]
    assert row(groups, "commissioning.proportionality")[0] == "100%"
    assert {m.key.split(".")[0] for m in measures()} == {"funding", "commissioning"}


def test_the_page_is_public_and_names_every_place(client, bucks, coventry, sutton):
    page = client.get(reverse("compare_places")).content.decode()
    assert "How the places compare" in page
    for place in (bucks, coventry, sutton):
        assert place.name in page
    assert "Declined bids given feedback" in page and "no data yet" in page
