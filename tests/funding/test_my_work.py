"""Funding's My work sections: a charity leader's own bids, a funder's bids to decide, feedback it
owes and co-funding offers, a board's fund applications; only the person's own or their
organisation's, in a few queries whatever their number, and real items in every demo place."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from boards.models import Position
from coordination.accounts.models import Membership, Role, User
from coordination.places.tenancy import place_scope
from coordination.work.selectors import my_work
from funding import services
from funding.demo_place_figures import place_variation
from tests.support.board_funds import application, community_board, fund, seat
from tests.support.factories import OrganisationFactory
from tests.support.funding import today_in

pytestmark = pytest.mark.django_db


def sections(place, user, now=None):
    with place_scope(place):
        return {s.key: s for s in my_work(place, user, now=now)}


def items(place, user, key, now=None):
    section = sections(place, user, now).get(key)
    return None if section is None else [(e.title, e.status, e.due_date) for e in section.entries]


def page(client, place, user):
    client.force_login(user)
    response = client.get(reverse("places:my_work", kwargs={"place_slug": place.slug}))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def other_leader(bucks, make_member):
    other = OrganisationFactory(name="Another Charity", places=[bucks])
    return make_member(bucks, Role.CHARITY_LEADER, organisation=other)


def test_a_charity_leader_sees_their_organisations_bids_with_status_and_closing_date(
    client, bucks, make_bid, award, decline, leader, funder, programme, other_leader
):
    deadline = programme.deadline
    make_bid(title="Draft meals")
    make_bid(submit=True, title="Live meals")
    award(make_bid(submit=True, title="Won meals"), amount=Decimal("5000"))
    decline(make_bid(submit=True, title="Lost meals"), release=True)
    decline(make_bid(submit=True, title="Waiting meals"), release=False)
    services.bid_withdraw(place=bucks, actor=leader, bid=make_bid(title="Gone meals"))
    long_ago = make_bid(submit=True, title="Old meals")
    decline(long_ago, release=True, now=timezone.now() - timedelta(days=91))
    theirs = Membership.objects.for_place(bucks).get(user=other_leader).organisation
    make_bid(submit=True, title="Their meals", actor=other_leader, applicant=theirs)

    found = {title: (status, due) for title, status, due in items(bucks, leader, "funding_my_bids")}
    assert found["Draft meals"] == ("Draft — submit it before the programme closes", deadline)
    assert found["Live meals"] == ("Submitted, awaiting a decision", None)
    assert found["Won meals"] == ("Awarded £5,000", None)
    assert found["Lost meals"][0] == (
        "Declined — feedback given: tell the funder whether it helped"
    )
    assert found["Waiting meals"][0].startswith("Declined — feedback due by ")
    assert "Gone meals" not in found and "Old meals" not in found
    assert "Their meals" not in found

    html = page(client, bucks, leader)
    assert "My organisation&#x27;s bids" in html and "Draft meals" in html
    assert "Core Strength Fund · Chiltern Community Foundation" in html
    assert "Their meals" not in page(client, bucks, leader)
    assert "Draft meals" not in page(client, bucks, other_leader)
    assert items(bucks, funder, "funding_my_bids") is None  # not a charity leader


def test_a_funder_sees_bids_to_decide_feedback_owed_and_co_funding_offers(
    client, bucks, make_member, make_bid, decline, leader, funder, people, programme
):
    make_bid(title="A draft")  # never seen by the funder
    live = make_bid(submit=True, title="Live meals")
    overdue = make_bid(submit=True, title="Late feedback")
    decline(overdue, release=False, now=timezone.now() - timedelta(days=40))
    decline(make_bid(submit=True, title="Given feedback"), release=True)
    other_funder = people["other funder"]
    other_org = Membership.objects.for_place(bucks).get(user=other_funder).organisation
    services.cofund_offer(
        place=bucks, actor=other_funder, bid=live, funder=other_org, amount=Decimal("4000")
    )

    [(title, status, due)] = items(bucks, funder, "funding_bids_to_decide")
    assert (title, status) == ("Live meals", "Submitted, awaiting your decision")
    assert due == programme.deadline + timedelta(days=programme.decision_within_days)
    [(title, status, due)] = items(bucks, funder, "funding_feedback_owed")
    assert (title, status) == ("Late feedback", "Declined — feedback not released yet")
    assert due == today_in(bucks) - timedelta(days=10)
    [(title, status, due)] = items(bucks, funder, "funding_cofund_offers")
    assert (title, status) == ("Live meals", "Vale Trust offers £4,000 towards it")

    html = page(client, bucks, funder)
    assert "Overdue" in html and "Late feedback" in html and "A draft" not in html
    assert f"/funding/bids/{overdue.pk}/#feedback" in html
    # Another funder sees none of it: not its programme.
    assert items(bucks, other_funder, "funding_bids_to_decide") == []
    assert items(bucks, other_funder, "funding_feedback_owed") == []
    assert items(bucks, other_funder, "funding_cofund_offers") == []
    assert "Live meals" not in page(client, bucks, other_funder)
    assert "Bids submitted to your programmes appear here until you award or decline them" in page(
        client, bucks, other_funder
    )
    # Once decided, the bid leaves the funder's decisions.
    services.bid_award(
        place=bucks,
        actor=funder,
        bid=live,
        amount=Decimal("20000"),
        start=today_in(bucks),
        months=12,
    )
    assert items(bucks, funder, "funding_bids_to_decide") == []


def test_a_boards_officers_see_applications_to_its_fund_until_decided(
    bucks, make_member, leader, charity_org, funder
):
    board = community_board(bucks)
    chair = make_member(bucks, Role.RESIDENT, name="Cara Chair")
    seat(bucks, board, chair, Position.CHAIR)
    member = make_member(bucks, Role.RESIDENT, name="Mo Member")
    seat(bucks, board, member)
    the_fund = fund(bucks, board, chair)
    application(bucks, the_fund, leader, charity_org, amount=Decimal("600"), title="Befriending")
    [(title, status, due)] = items(bucks, chair, "funding_fund_applications")
    assert (title, status, due) == ("Befriending", "Waiting to go on a meeting's agenda", None)
    assert items(bucks, member, "funding_fund_applications") is None  # runs no board
    assert items(bucks, funder, "funding_fund_applications") is None
    # The applicant sees its application too, with the board's name.
    [(title, status, _due)] = items(bucks, leader, "funding_my_bids")
    assert status == "Submitted, awaiting the board's decision"


def test_my_work_reads_in_the_same_queries_whatever_the_number_of_bids(
    client, bucks, make_bid, decline, leader, funder, settings
):
    # The place is kept for PLACE_CACHE_SECONDS; on a busy machine the counts below could
    # otherwise straddle its expiry and differ by that one read.
    settings.PLACE_CACHE_SECONDS = 3600
    settings.MY_WORK_CACHE_SECONDS = 0  # the counts are of reading it, not of the kept copy

    def count(user):
        client.force_login(user)
        url = reverse("places:my_work", kwargs={"place_slug": bucks.slug})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    make_bid(submit=True, title="One")
    decline(make_bid(submit=True, title="Two"), release=False)
    count(leader), count(funder)  # what a first page reads once (the place) is read
    before = (count(leader), count(funder))
    for i in range(6):
        make_bid(title=f"Draft {i}")
        make_bid(submit=True, title=f"Live {i}")
        decline(make_bid(submit=True, title=f"Declined {i}"), release=i % 2 == 0)
    assert (count(leader), count(funder)) == before


def test_every_demo_role_sees_real_funding_work_in_every_place(db, bucks, coventry, sutton):
    call_command("seed_demo", stdout=open("/dev/null", "w"))

    def person(local, place):
        return User.objects.get(email=f"{local}@{place.slug}.demo.inplace.example")

    for place in (bucks, coventry, sutton):
        leader, funder = person("leader", place), person("funder", place)
        mine = {title: status for title, status, _due in items(place, leader, "funding_my_bids")}
        assert mine["Volunteer drivers (draft)"] == "Draft — submit it before the programme closes"
        assert mine["Hot meals for families"] == "Under review, awaiting a decision"
        award = 36000 * place_variation(place).amount_scale  # the places' demos differ
        assert mine["Community pantry running costs"] == f"Awarded £{award:,.0f}"
        assert mine["Befriending phone line"].startswith(
            "Declined — the funder's feedback is late: it was due on "
        )
        to_decide = items(place, funder, "funding_bids_to_decide")
        # The bid made through the quick response fund's questions waits too (demo_applying).
        assert [t for t, _s, _d in to_decide] == [
            "Boiler repair at the community hall",
            "Hot meals for families",
        ]
        section = sections(place, funder)["funding_feedback_owed"]
        [entry] = section.entries
        assert entry.title == "Befriending phone line" and entry.overdue
        [offer] = items(place, funder, "funding_cofund_offers")
        assert offer[1] == "National Communities Fund offers £10,000 towards it"
        national = User.objects.get(email="national.funder@demo.inplace.example")
        assert [t for t, _s, _d in items(place, national, "funding_bids_to_decide")] == [
            "Hot meals for families (national)"
        ]
    # In Buckinghamshire the community board's chair (the demo charity leader) has its fund's
    # waiting application to put on an agenda, and the project residents chose last season on the
    # agenda of the board's meeting, for its decision.
    chair = person("leader", bucks)
    titles = {
        title: status for title, status, _due in items(bucks, chair, "funding_fund_applications")
    }
    assert titles["Befriending scheme"] == "Waiting to go on a meeting's agenda"
    assert titles["Community fridge"].startswith("On the agenda of Amersham Community Board")
    # Coventry's chair runs the Foleshill group's fund, with nothing waiting on it.
    assert items(coventry, person("leader", coventry), "funding_fund_applications") == []
