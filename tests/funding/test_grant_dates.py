"""Grant dates that make sense: a grant starting years before it is awarded is refused unless the
funder records, on purpose, a grant awarded in the past (kept on the grant, shown on its page and in
the API); a start years ahead and a payment in the future are refused, on the page and in the API.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from boards.models import Position
from coordination.accounts.models import Role
from coordination.errors import RuleViolation
from funding import services
from funding.models import Bid, BidState
from tests.support.board_funds import community_board, decided, fund, meeting, seat
from tests.support.dates import date_parts

pytestmark = pytest.mark.django_db


def award_url(place, bid):
    return reverse("places:funding:bid_award", kwargs={"place_slug": place.slug, "pk": bid.pk})


def api_award_url(place, bid):
    return f"/api/v1/places/{place.slug}/funding/bids/{bid.pk}/award/"


def reread(bid):
    return Bid.objects.for_place(bid.place).get(pk=bid.pk)


def test_a_grant_dated_years_back_needs_the_labelled_choice_on_the_page(
    client, bucks, funder, make_bid
):
    bid = make_bid(submit=True)
    client.force_login(funder)
    form = client.get(award_url(bucks, bid)).content.decode()
    assert "This records a grant awarded in the past" in form
    assert 'name="start_day"' in form

    data = {
        "amount": "12000",
        "months": "12",
        "spend_by": "2020-12-31",
        **date_parts("start", date(2020, 1, 1)),
    }
    page = client.post(award_url(bucks, bid), data).content.decode()
    assert "more than 90 days before it is awarded" in page
    assert 'href="#id_start_day"' in page
    assert reread(bid).state == BidState.SUBMITTED

    response = client.post(award_url(bucks, bid), {**data, "awarded_in_past": "on"})
    assert response.status_code == 302
    awarded = reread(bid)
    assert (awarded.state, awarded.award_start, awarded.awarded_in_past) == (
        BidState.AWARDED,
        date(2020, 1, 1),
        True,
    )
    detail = client.get(awarded.get_absolute_url()).content.decode()
    assert "1 January 2020 to 31 December 2020" in detail
    assert "as a grant awarded in the past" in detail


def test_a_grant_starting_recently_or_soon_needs_no_choice(client, bucks, funder, make_bid):
    bid = make_bid(submit=True)
    client.force_login(funder)
    start = timezone.localdate() - timedelta(days=60)
    response = client.post(
        award_url(bucks, bid),
        {
            "amount": "12000",
            "months": "12",
            "spend_by": (start + timedelta(days=364)).isoformat(),
            **date_parts("start", start),
        },
    )
    assert response.status_code == 302
    assert not reread(bid).awarded_in_past
    detail = client.get(bid.get_absolute_url()).content.decode()
    assert "as a grant awarded in the past" not in detail


def test_a_grant_start_years_ahead_is_refused(client, bucks, funder, make_bid):
    bid = make_bid(submit=True)
    client.force_login(funder)
    page = client.post(
        award_url(bucks, bid),
        {
            "amount": "12000",
            "months": "12",
            "spend_by": "2062-12-31",
            **date_parts("start", date(2062, 1, 1)),
        },
    ).content.decode()
    assert "check the year" in page
    assert reread(bid).state == BidState.SUBMITTED


def test_the_api_says_the_same_by_field_and_shows_the_choice(bucks, funder, make_bid):
    cache.clear()
    bid = make_bid(submit=True)
    api = APIClient()
    api.force_authenticate(funder)
    refused = api.post(
        api_award_url(bucks, bid),
        {"amount": "12000", "start": "2020-01-01", "spend_by": "2020-12-31"},
        format="json",
    )
    assert refused.status_code == 400
    assert "more than 90 days before" in refused.json()["error"]["fields"]["start"][0]
    assert reread(bid).state == BidState.SUBMITTED

    accepted = api.post(
        api_award_url(bucks, bid),
        {
            "amount": "12000",
            "start": "2020-01-01",
            "spend_by": "2020-12-31",
            "awarded_in_past": True,
        },
        format="json",
    )
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["awarded_in_past"] is True
    assert accepted.json()["award_start"] == "2020-01-01"


def test_the_window_is_a_setting(settings, bucks, funder, make_bid):
    settings.GRANT_START_MAX_DAYS_BEFORE = 400
    bid = make_bid(submit=True)
    start = timezone.localdate() - timedelta(days=300)
    services.bid_award(place=bucks, actor=funder, bid=bid, amount=Decimal("9000"), start=start)
    assert reread(bid).award_start == start


def test_a_payment_dated_in_the_future_is_refused(bucks, make_member, leader, charity_org):
    board = community_board(bucks)
    chair = make_member(bucks, Role.RESIDENT, name="Cara Chair")
    seat(bucks, board, chair, Position.CHAIR)
    the_fund = fund(bucks, board, chair)
    app = decided(
        bucks, the_fund, chair, leader, charity_org, meeting(bucks, board), amount=Decimal("800")
    )
    with pytest.raises(RuleViolation) as refused:
        services.fund_payment_record(
            place=bucks,
            actor=chair,
            application=app,
            amount=Decimal("100"),
            paid_on=timezone.localdate() + timedelta(days=3),
        )
    assert refused.value.message_dict == {"paid_on": ["The date must be today or in the past."]}
    payment = services.fund_payment_record(
        place=bucks,
        actor=chair,
        application=app,
        amount=Decimal("100"),
        paid_on=timezone.localdate(),
    )
    assert payment.paid_on == timezone.localdate()
