"""Funder coordination: the consented pipeline, overlap flags, co-fund offers and unmet high needs."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from coordination.accounts.models import Role
from coordination.errors import RuleViolation
from coordination.organisations.models import OrganisationKind
from coordination.vocabularies.models import Theme
from funding import services
from funding.models import CoFundOffer
from funding.selectors import coordination
from mapping import services as mapping_services
from tests.support.factories import OrganisationFactory
from tests.support.funding import make_area

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(bucks, make_member, make_programme):
    organisation = OrganisationFactory(
        name="Vale Trust", kind=OrganisationKind.FUNDER, places=[bucks]
    )
    person = make_member(bucks, Role.FUNDER, organisation=organisation)
    programme = make_programme(
        actor=person, funder=organisation, title="Vale fund", funding_type="project"
    )
    return {"org": organisation, "person": person, "programme": programme}


def test_the_pipeline_holds_consented_bids_only_and_flags_overlaps(
    bucks, make_bid, second, award, funder
):
    ward = make_area(bucks, "Castlefield")
    first = make_bid(title="Meals A", submit=True, areas=[ward])
    make_bid(title="Meals B", programme_=second["programme"], submit=True)
    make_bid(title="Kept private", submit=True, share_summary=False)
    view = coordination(bucks)
    assert {b.title for b in view["bids"]} == {"Meals A", "Meals B"}
    assert [(f.kind, f.themes) for f in view["flags"]] == [("same_purpose", ["Food"])]
    food = next(r for r in view["by_theme"] if r.label == "Food")
    assert (food.live, food.live_amount) == (2, Decimal("40000"))
    assert [r.label for r in view["by_area"]] == ["Castlefield"]
    assert [r.label for r in view["by_organisation"]] == ["Wycombe Food Hub"]

    award(first, start=date(2026, 1, 1), months=24)
    b = make_bid(title="Meals C", programme_=second["programme"], submit=True)
    services.bid_award(
        place=bucks,
        actor=second["person"],
        bid=b,
        amount=Decimal("9000"),
        start=date(2027, 6, 1),
        months=12,
    )
    kinds = {(f.kind, tuple(x.title for x in f.bids)) for f in coordination(bucks)["flags"]}
    assert ("awards_overlap", ("Meals A", "Meals C")) in kinds


def test_a_funder_offers_to_co_fund_another_funders_bid(bucks, make_bid, second, funder):
    bid = make_bid(submit=True)
    with pytest.raises(RuleViolation, match="your own programme"):
        services.cofund_offer(
            place=bucks, actor=funder, bid=bid, funder=bid.programme.funder, amount=Decimal("1")
        )
    offer = services.cofund_offer(
        place=bucks, actor=second["person"], bid=bid, funder=second["org"], amount=Decimal("5000")
    )
    assert CoFundOffer.objects.for_place(bucks).get() == offer
    with pytest.raises(RuleViolation, match="offered already"):
        services.cofund_offer(
            place=bucks,
            actor=second["person"],
            bid=bid,
            funder=second["org"],
            amount=Decimal("5000"),
        )
    private = make_bid(title="Private", submit=True, share_summary=False)
    with pytest.raises(RuleViolation, match="summary is shared"):
        services.cofund_offer(
            place=bucks,
            actor=second["person"],
            bid=private,
            funder=second["org"],
            amount=Decimal("5000"),
        )


def test_high_needs_no_award_touches(bucks, make_bid, award):
    ward = make_area(bucks, "Castlefield")
    other = make_area(bucks, "Booker")
    food = Theme.objects.get(slug="food", place__isnull=True)
    for area, summary in ((ward, "Hunger in Castlefield"), (other, "Hunger in Booker")):
        mapping_services.need_create(
            place=bucks, actor=None, area=area, theme=food, summary=summary, severity=3
        )
    mapping_services.need_create(
        place=bucks, actor=None, area=other, theme=food, summary="Some hunger", severity=2
    )
    assert {n.summary for n in coordination(bucks)["unmet_needs"]} == {
        "Hunger in Castlefield",
        "Hunger in Booker",
    }
    award(make_bid(submit=True, areas=[ward]), start=date(2026, 1, 1), months=36)
    assert [n.summary for n in coordination(bucks)["unmet_needs"]] == ["Hunger in Booker"]


def test_the_page_is_for_funders_only(bucks, client, make_member, make_bid, second, leader):
    make_bid(title="Shared meals", submit=True)
    url = reverse("places:funding:coordination", kwargs={"place_slug": bucks.slug})
    client.force_login(leader)
    assert client.get(url).status_code == 403
    client.force_login(make_member(bucks, Role.PLACE_ADMIN))
    assert client.get(url).status_code == 403
    client.force_login(second["person"])
    page = client.get(url).content.decode()
    assert "Shared meals" in page and "Offer to co-fund" in page
    offer_url = reverse(
        "places:funding:cofund_offer",
        kwargs={"place_slug": bucks.slug, "pk": make_bid(title="x", submit=True).pk},
    )
    response = client.post(offer_url, {"funder": second["org"].pk, "amount": "2500"})
    assert response.status_code == 302
    assert "Vale Trust offers £2,500" in client.get(url).content.decode()
