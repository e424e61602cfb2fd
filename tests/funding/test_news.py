"""News of a bid's decision, its feedback and a board's decision on a fund application: told once
per event to the applicant organisation's people, by email at once, in the digest or only in
InPlace as each prefers; never to the person who decided, nor to another organisation."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from boards.models import Position
from coordination.accounts.models import Membership, Role
from coordination.notifications import delivery
from coordination.notifications.models import Notification, OutboxEmail
from coordination.notifications.services import preference_update
from funding import services
from funding.services import news
from tests.support.board_funds import community_board, decided, fund, meeting, present, seat
from tests.support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

DECIDED = news.BID_DECIDED
FUND_DECIDED = news.FUND_APPLICATION_DECIDED


@pytest.fixture(autouse=True)
def _no_delivery_tasks(settings):
    settings.NOTIFICATIONS_DELIVER_ON_COMMIT = False
    settings.SITE_URL = "https://inplace.example"


@pytest.fixture
def partner(bucks, make_member, charity_org):
    """A second person on the applicant's roll."""
    return make_member(bucks, Role.PARTNER, organisation=charity_org, name="Pat Partner")


@pytest.fixture
def outsiders(bucks, coventry, make_member):
    other_org = OrganisationFactory(name="Another Charity", places=[bucks])
    return [
        make_member(bucks, Role.CHARITY_LEADER, organisation=other_org),
        make_member(bucks, Role.RESIDENT),
    ]


def told(place, kind, user=None):
    rows = Notification.objects.for_place(place).filter(kind=kind)
    if user is not None:
        rows = rows.filter(user=user)
    return list(rows.order_by("pk"))


def emails(place, kind, user=None):
    rows = OutboxEmail.objects.for_place(place).filter(kind=f"news:{kind}")
    if user is not None:
        rows = rows.filter(recipient=user)
    return list(rows.order_by("pk"))


def prefer(place, user, kind, value):
    preference_update(place=place, actor=user, digest="weekly", news={kind: value})


def test_an_award_tells_the_applicants_people_once_with_the_grant_in_one_email(
    bucks, make_bid, award, leader, partner, funder, outsiders
):
    bid = make_bid(submit=True)
    award(bid, amount=Decimal("18000"), start=date(2026, 4, 1), months=24)
    for person in (leader, partner):
        [note] = told(bucks, DECIDED, person)
        assert note.title == "“Hot meals for Castlefield” was awarded £18,000.00"
        assert "Chiltern Community Foundation awarded your bid to Core Strength Fund." in note.body
        assert "£18,000.00 for 24 months, from 1 April 2026 to 31 March 2028" in note.body
        assert note.url == bid.get_absolute_url() and note.emailed
        [email] = emails(bucks, DECIDED, person)
        assert email.subject == note.title and "31 March 2028" in email.text_body
    for person in (funder, *outsiders):
        assert told(bucks, DECIDED, person) == [] and emails(bucks, DECIDED, person) == []
    # Told once: the same event told again changes nothing, and only one kind of news was sent.
    bid.refresh_from_db()
    assert news.tell_bid_awarded(bucks, funder, bid, "Chiltern Community Foundation") == []
    assert len(emails(bucks, DECIDED)) == 2
    assert not Notification.objects.for_place(bucks).filter(kind="funding", user=leader).exists()


def test_the_email_goes_out_through_the_outbox(bucks, make_bid, award, leader):
    bid = make_bid(submit=True)
    award(bid)
    delivery.deliver_place_outbox(bucks)
    [message] = [m for m in mail.outbox if leader.email in m.to]
    assert message.subject == "“Hot meals for Castlefield” was awarded £18,000.00"
    assert "from 1 April 2026 to 31 March 2028" in message.body
    assert "https://inplace.example" + bid.get_absolute_url() in message.body
    assert message.extra_headers.get("List-Unsubscribe")


def test_the_person_who_decides_is_not_told_even_on_the_applicants_roll(
    bucks, make_bid, award, leader, funder, charity_org
):
    Membership.objects.for_place(bucks).create(
        place=bucks, user=funder, role=Role.RESIDENT, organisation=charity_org
    )
    bid = make_bid(submit=True)
    award(bid)
    assert told(bucks, DECIDED, funder) == []
    assert len(told(bucks, DECIDED, leader)) == 1


def test_a_decline_with_feedback_says_it_and_a_later_release_is_told_again(
    bucks, make_bid, decline, leader, funder, partner
):
    with_feedback = make_bid(submit=True, title="Pantry van")
    decline(with_feedback, release=True)
    [note] = told(bucks, DECIDED, leader)
    assert note.title == "“Pantry van” was not funded"
    assert "Chiltern Community Foundation did not fund your bid to Core Strength Fund." in note.body
    assert "Why it was not funded: The programme was over-subscribed; Evidence of need." in (
        note.body
    )
    assert "What would strengthen a future bid: Show how many families" in note.body

    drafted = make_bid(submit=True, title="Lunch club")
    decline(drafted, release=False)
    note = told(bucks, DECIDED, leader)[-1]
    assert note.title == "“Lunch club” was not funded"
    assert "They will give their feedback by" in note.body
    assert "Show how many families" not in note.body  # the draft stays the funder's
    services.feedback_release(place=bucks, actor=funder, bid=drafted)
    released = told(bucks, DECIDED, leader)[-1]
    assert released.title == "Feedback on “Lunch club”"
    assert "What was strong: A clear plan, well costed." in released.body
    assert len(told(bucks, DECIDED, leader)) == 3
    assert len(emails(bucks, DECIDED, partner)) == 3
    # A release told again (the same key) tells nobody twice.
    drafted.refresh_from_db()
    again = news.tell_feedback_released(bucks, funder, drafted, "x", drafted.feedback)
    assert again == [] and len(told(bucks, DECIDED)) == 6


def test_digest_keeps_it_for_the_digest_and_off_emails_nothing(
    bucks, make_bid, award, decline, leader, partner
):
    prefer(bucks, leader, DECIDED, "digest")
    prefer(bucks, partner, DECIDED, "off")
    award(make_bid(submit=True))
    decline(make_bid(submit=True, title="Second bid"))
    for note in told(bucks, DECIDED, leader):
        assert note.in_digest and not note.emailed
    for note in told(bucks, DECIDED, partner):
        assert not note.in_digest and not note.emailed
    assert len(told(bucks, DECIDED, leader)) == len(told(bucks, DECIDED, partner)) == 2
    assert emails(bucks, DECIDED) == []


def test_nobody_but_the_applicants_people_in_this_place_is_told(
    bucks, coventry, make_bid, award, charity_org, make_member, leader
):
    # The same organisation's leader in Coventry is not a member here: told nothing here.
    elsewhere = make_member(coventry, Role.CHARITY_LEADER, organisation=charity_org)
    award(make_bid(submit=True))
    assert told(bucks, DECIDED, elsewhere) == []
    assert Notification.objects.for_place(coventry).filter(kind=DECIDED).count() == 0
    leader.is_active = False  # a closed account is told nothing
    leader.save()
    award(make_bid(submit=True, title="Another"))
    assert len(told(bucks, DECIDED, leader)) == 1


def test_a_boards_decision_on_an_application_is_told_with_the_meeting_and_the_reason(
    bucks, make_member, leader, partner, charity_org
):
    board = community_board(bucks)
    chair = make_member(bucks, Role.RESIDENT, name="Cara Chair")
    seat(bucks, board, chair, Position.CHAIR)
    the_fund = fund(bucks, board, chair)
    the_meeting = meeting(bucks, board, title="Spring meeting")
    present(bucks, the_meeting, chair)
    prefer(bucks, partner, FUND_DECIDED, "digest")
    awarded = decided(
        bucks, the_fund, chair, leader, charity_org, the_meeting, amount=Decimal("800")
    )
    [note] = told(bucks, FUND_DECIDED, leader)
    assert note.title == "“Christmas parade” was awarded £800.00 by Wycombe Community Board"
    assert "Wycombe Community Board decided at Spring meeting on" in note.body
    assert "Reason: Fits our priorities" in note.body
    assert "Tell the board what the money did by" in note.body
    assert note.url == awarded.bid.get_absolute_url()
    assert len(emails(bucks, FUND_DECIDED, leader)) == 1
    assert emails(bucks, FUND_DECIDED, partner) == []  # in the digest instead
    assert told(bucks, FUND_DECIDED, partner)[0].in_digest
    assert told(bucks, DECIDED) == []  # one message, not a bid's news as well
    assert told(bucks, FUND_DECIDED, chair) == []

    decided(
        bucks,
        the_fund,
        chair,
        leader,
        charity_org,
        the_meeting,
        amount=Decimal("300"),
        outcome="decline",
    )
    note = told(bucks, FUND_DECIDED, leader)[-1]
    assert note.title == "“Christmas parade” was not funded by Wycombe Community Board"
    assert "Why it was not funded: The budget." in note.body
    assert "What was strong: Clear plan" in note.body
    assert len(told(bucks, FUND_DECIDED, leader)) == 2


def test_the_bid_page_says_who_was_told_and_how(client, bucks, make_bid, funder):
    bid = make_bid(submit=True)
    client.force_login(funder)
    url = f"/{bucks.slug}/funding/bids/{bid.pk}/award/"
    response = client.post(
        url,
        {
            "amount": "18000",
            "months": "24",
            "start": "2026-04-01",
            "spend_by": "2028-03-31",
            "awarded_in_past": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert (
        "The bid is awarded. The applicant&#x27;s people are told in InPlace and, unless they "
        "chose otherwise, by email." in response.content.decode()
    )
