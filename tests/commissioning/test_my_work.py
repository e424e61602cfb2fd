"""My work in commissioning: what waits on those taking part in tenders (their tenders, answers,
co-design drafts) and on those running them (questions and comments to answer, next dates,
invitations not seen), each only their own organisation's, sealed bids still sealed; and the demo
gives every demo officer and charity leader real items in all three places."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from commissioning import services
from commissioning.models import Stage, TenderInvitation
from coordination.accounts.models import Role, User
from coordination.places.tenancy import place_scope
from coordination.work.selectors import my_work
from tests.support.commissioning import (
    council_of,
    deadline_passes,
    leader_of,
    officer_of,
    opened,
    tender,
)

pytestmark = pytest.mark.django_db

TAKING_PART = (
    "commissioning_my_tenders",
    "commissioning_co_design_drafts",
    "commissioning_answers",
)
RUNNING = (
    "commissioning_questions_to_answer",
    "commissioning_comments_to_answer",
    "commissioning_next_stages",
    "commissioning_unseen_invitations",
)


def items(place, user, key, now=None):
    """The entries of one section of the person's My work, as the page lists them."""
    with place_scope(place):
        sections = {s.key: s for s in my_work(place, user, now=now)}
    if key not in sections:
        return None
    assert not sections[key].failed, key
    return sections[key].entries


def titles(place, user, key, now=None):
    return [e.title for e in items(place, user, key, now) or ()]


def page(client, user, place):
    client.force_login(user)
    response = client.get(f"/{place.slug}/my-work/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_charity_sees_the_tenders_it_takes_part_in_and_no_one_elses_bid(
    client, bucks, council, officer, charity, make_member
):
    leader, organisation = charity
    rival, rival_org = leader_of(bucks, name="Rita Rival")
    invited = opened(bucks, officer, tender(bucks, officer, council, title="Warm spaces"))
    interested = opened(bucks, officer, tender(bucks, officer, council, title="Food pantries"))
    bid_for = opened(bucks, officer, tender(bucks, officer, council, title="Lunch clubs"))
    opened(bucks, officer, tender(bucks, officer, council, title="Not ours"))
    (invitation,) = services.invitations_send(
        place=bucks, actor=officer, tender=invited, organisations=[organisation]
    )
    services.interest_register(
        place=bucks, actor=leader, tender=interested, organisation=organisation
    )
    services.submission_submit(
        place=bucks,
        actor=leader,
        tender=bid_for,
        lead=organisation,
        summary="Our secret plan for lunch clubs",
        price=Decimal("1000"),
    )

    shown = {e.title: e for e in items(bucks, leader, "commissioning_my_tenders")}
    assert sorted(shown) == ["Food pantries", "Lunch clubs", "Warm spaces"]
    assert shown["Warm spaces"].status == "Invited: tell the commissioner you have seen it"
    assert shown["Food pantries"].status == "Registered interest"
    assert shown["Lunch clubs"].status == "Bid submitted"
    assert shown["Warm spaces"].item.due == invited.submission_deadline
    assert shown["Warm spaces"].url == f"/{bucks.slug}/commissioning/{invited.pk}/"
    assert "Open for bids" in shown["Warm spaces"].detail
    html = page(client, leader, bucks)
    assert "Tenders we are taking part in" in html and "Warm spaces" in html
    assert "Not ours" not in html

    services.invitation_acknowledge(place=bucks, actor=leader, invitation=invitation)
    [warm] = [
        e for e in items(bucks, leader, "commissioning_my_tenders") if e.title == "Warm spaces"
    ]
    assert warm.status == "Invited"

    # Nobody else learns of the bid: not another charity, not the council while bids are sealed.
    assert titles(bucks, rival, "commissioning_my_tenders") == []
    for person in (rival, officer):
        html = page(client, person, bucks)
        assert "Our secret plan" not in html and "Bid submitted" not in html

    # Once bids close: the bid waits for the decision (nothing due from the charity); the tenders
    # it did not bid for have nothing left to do.
    for t in (invited, interested, bid_for):
        deadline_passes(t)
    [waiting] = items(bucks, leader, "commissioning_my_tenders")
    assert (waiting.title, waiting.status, waiting.overdue) == (
        "Lunch clubs",
        "Bid submitted: awaiting the decision",
        False,
    )
    # A resident takes part in no tender: the section is not theirs at all.
    resident = make_member(bucks, Role.RESIDENT)
    assert items(bucks, resident, "commissioning_my_tenders") is None


def test_answers_to_our_questions_and_on_tenders_we_follow_appear_for_thirty_days(
    bucks, council, officer, charity
):
    leader, organisation = charity
    follower, follower_org = leader_of(bucks, name="Fay Follower")
    bystander, _org = leader_of(bucks, name="Ben Bystander")
    t = opened(bucks, officer, tender(bucks, officer, council, title="Warm spaces"))
    services.interest_register(place=bucks, actor=follower, tender=t, organisation=follower_org)
    ours = services.clarification_ask(
        place=bucks, actor=leader, tender=t, organisation=organisation, question="Can we sublet?"
    )
    old = services.clarification_ask(
        place=bucks, actor=leader, tender=t, organisation=organisation, question="Old news?"
    )
    theirs = services.clarification_ask(
        place=bucks, actor=follower, tender=t, organisation=follower_org, question="Unanswered?"
    )
    services.clarification_answer(
        place=bucks, actor=officer, clarification=ours, answer="Yes, with consent."
    )
    services.clarification_answer(
        place=bucks,
        actor=officer,
        clarification=old,
        answer="Long ago.",
        now=timezone.now() - timedelta(days=31),
    )

    [mine] = items(bucks, leader, "commissioning_answers")
    assert (mine.title, mine.status) == ("Can we sublet?", "Your question was answered")
    assert mine.url == f"/{bucks.slug}/commissioning/{t.pk}/#questions"
    [followed] = items(bucks, follower, "commissioning_answers")
    assert (followed.title, followed.status) == ("Can we sublet?", "Answered for everyone")
    assert items(bucks, bystander, "commissioning_answers") == []
    assert theirs.pk  # an unanswered question is nobody's news but the council's
    assert "Unanswered?" not in titles(bucks, leader, "commissioning_answers")


def test_co_design_drafts_are_listed_for_the_group_until_co_design_closes(
    bucks, council, officer, charity
):
    leader, organisation = charity
    outsider, _org = leader_of(bucks, name="Otto Outsider")
    t = tender(bucks, officer, council, title="Warm spaces")
    services.tender_change_stage(
        place=bucks, actor=officer, tender=t, to_stage=Stage.CO_DESIGN, rationale="Co-design"
    )
    services.co_design_join(place=bucks, actor=leader, tender=t, organisation=organisation)
    [draft] = items(bucks, leader, "commissioning_co_design_drafts")
    assert (draft.title, draft.status) == ("Warm spaces", "Open for comment")
    assert draft.url == f"/{bucks.slug}/commissioning/{t.pk}/co-design/"
    t.refresh_from_db()
    assert draft.item.due == t.co_design_closes_at
    assert items(bucks, outsider, "commissioning_co_design_drafts") == []
    later = t.co_design_closes_at + timedelta(minutes=1)
    assert items(bucks, leader, "commissioning_co_design_drafts", now=later) == []


def test_officers_see_questions_and_comments_to_answer_only_on_tenders_they_run(
    client, bucks, council, officer, charity
):
    leader, organisation = charity
    other_council = council_of(bucks, "Other District Council")
    stranger = officer_of(bucks, other_council, name="Sid Stranger")
    t = tender(bucks, officer, council, title="Warm spaces")
    services.tender_change_stage(
        place=bucks, actor=officer, tender=t, to_stage=Stage.CO_DESIGN, rationale="Co-design"
    )
    section = services.section_add(
        place=bucks, actor=officer, tender=t, heading="Outcomes", body="Warm rooms."
    )
    services.co_design_join(place=bucks, actor=leader, tender=t, organisation=organisation)
    comment = services.comment_add(
        place=bucks,
        actor=leader,
        version=services.latest_version(section),
        organisation=organisation,
        body="Open on Sundays too, please.",
    )
    [waiting] = items(bucks, officer, "commissioning_comments_to_answer")
    assert (waiting.title, waiting.status) == (
        "Open on Sundays too, please.",
        "Awaiting your answer",
    )
    assert waiting.url == f"/{bucks.slug}/commissioning/comments/{comment.pk}/answer/"
    assert organisation.name in waiting.detail and "Outcomes" in waiting.detail
    assert items(bucks, stranger, "commissioning_comments_to_answer") == []
    html = page(client, officer, bucks)
    assert "Co-design comments to answer" in html and "Open on Sundays too" in html
    assert client.get(waiting.url).status_code == 200  # the link goes to where they answer
    assert "Open on Sundays too" not in page(client, stranger, bucks)

    services.comment_respond(place=bucks, actor=officer, comment=comment, response="accepted")
    assert items(bucks, officer, "commissioning_comments_to_answer") == []

    services.tender_update(place=bucks, actor=officer, tender=t, you_said_we_did="Sundays added.")
    services.tender_change_stage(
        place=bucks, actor=officer, tender=t, to_stage=Stage.OPEN, rationale="Open"
    )
    question = services.clarification_ask(
        place=bucks, actor=leader, tender=t, organisation=organisation, question="Heating costs?"
    )
    [asked] = items(bucks, officer, "commissioning_questions_to_answer")
    assert (asked.title, asked.status) == ("Heating costs?", "Not answered")
    assert asked.url == f"/{bucks.slug}/commissioning/questions/{question.pk}/answer/"
    t.refresh_from_db()
    assert asked.item.due == t.clarification_deadline
    assert organisation.name in asked.detail
    assert items(bucks, stranger, "commissioning_questions_to_answer") == []
    assert "Heating costs?" not in page(client, leader, bucks)  # not the charity's to answer
    services.clarification_answer(
        place=bucks, actor=officer, clarification=question, answer="Included."
    )
    assert items(bucks, officer, "commissioning_questions_to_answer") == []


def test_tenders_whose_next_date_is_near_or_passed_are_listed_for_their_officers(
    bucks, council, officer, charity
):
    leader, organisation = charity
    now = timezone.now()
    soon = tender(bucks, officer, council, title="Closing soon")
    services.tender_change_stage(
        place=bucks, actor=officer, tender=soon, to_stage=Stage.CO_DESIGN, rationale="Co-design"
    )
    far = tender(
        bucks,
        officer,
        council,
        title="Far off",
        co_design_opens_at=None,
        co_design_closes_at=None,
        clarification_deadline=now + timedelta(days=60),
        submission_deadline=now + timedelta(days=70),
    )
    bids = opened(
        bucks,
        officer,
        tender(
            bucks,
            officer,
            council,
            title="Bids due",
            decision_date=(now + timedelta(days=45)).date(),
        ),
    )

    shown = {e.title: e for e in items(bucks, officer, "commissioning_next_stages")}
    assert sorted(shown) == ["Closing soon"]  # bids close in 40 days, the far one in 70
    assert shown["Closing soon"].status == "Co-design closes"
    assert not shown["Closing soon"].overdue
    soon.refresh_from_db()
    assert shown["Closing soon"].item.due == soon.co_design_closes_at

    deadline_passes(bids)
    shown = {e.title: e for e in items(bucks, officer, "commissioning_next_stages")}
    assert shown["Bids due"].status == "Bids have closed: start the evaluation"
    assert shown["Bids due"].overdue
    services.tender_change_stage(
        place=bucks, actor=officer, tender=bids, to_stage=Stage.EVALUATION, rationale="Closed"
    )
    # The decision is 45 days off: listed from 30 days before it, overdue once it has passed.
    assert "Bids due" not in titles(bucks, officer, "commissioning_next_stages")
    in_20_days = now + timedelta(days=20)
    shown = {e.title: e for e in items(bucks, officer, "commissioning_next_stages", in_20_days)}
    assert (shown["Bids due"].status, shown["Bids due"].overdue) == ("Decision due", False)
    later = now + timedelta(days=90)
    shown = {e.title: e for e in items(bucks, officer, "commissioning_next_stages", later)}
    assert (shown["Bids due"].status, shown["Bids due"].overdue) == (
        "The decision is overdue",
        True,
    )
    assert shown["Far off"].status == "Bids have closed"
    assert shown["Closing soon"].status == "Co-design has closed: move it on"
    # Not the charity's, nor another council's officer's.
    assert items(bucks, leader, "commissioning_next_stages") is None
    stranger = officer_of(bucks, council_of(bucks, "Other District Council"))
    assert items(bucks, stranger, "commissioning_next_stages") == []
    assert far.pk


def test_invitations_not_seen_after_three_days_are_listed_until_someone_says_they_saw_them(
    bucks, council, officer, charity
):
    leader, organisation = charity
    quiet, quiet_org = leader_of(bucks, name="Quentin Quiet")
    recent, recent_org = leader_of(bucks, name="Rosa Recent")
    t = opened(bucks, officer, tender(bucks, officer, council, title="Warm spaces"))
    now = timezone.now()
    services.invitations_send(
        place=bucks,
        actor=officer,
        tender=t,
        organisations=[organisation, quiet_org],
        now=now - timedelta(days=4),
    )
    services.invitations_send(
        place=bucks,
        actor=officer,
        tender=t,
        organisations=[recent_org],
        now=now - timedelta(days=1),
    )
    unseen = items(bucks, officer, "commissioning_unseen_invitations")
    assert sorted(e.title for e in unseen) == sorted([organisation.name, quiet_org.name])
    assert unseen[0].url == f"/{bucks.slug}/commissioning/{t.pk}/invitations/"
    assert unseen[0].status.startswith("Sent ") and unseen[0].status.endswith("not yet seen")

    invitation = TenderInvitation.objects.for_place(bucks).get(tender=t, organisation=organisation)
    services.invitation_acknowledge(place=bucks, actor=leader, invitation=invitation)
    assert titles(bucks, officer, "commissioning_unseen_invitations") == [quiet_org.name]
    # Once bids have closed there is nothing to chase.
    deadline_passes(t)
    assert items(bucks, officer, "commissioning_unseen_invitations") == []
    assert items(bucks, quiet, "commissioning_unseen_invitations") is None


def test_the_demo_gives_each_officer_and_charity_leader_real_items_in_every_place(
    db, bucks, coventry, sutton
):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for place in (bucks, coventry, sutton):
        officer = User.objects.get(email=f"officer@{place.slug}.demo.inplace.example")
        leader = User.objects.get(email=f"leader@{place.slug}.demo.inplace.example")
        for person, keys in ((officer, RUNNING), (leader, TAKING_PART)):
            for key in keys:
                assert items(place, person, key), (place.slug, person.email, key)
        overdue = [e for e in items(place, officer, "commissioning_next_stages") if e.overdue]
        assert [e.status for e in overdue] == ["The decision is overdue"], place.slug
        statuses = {e.status for e in items(place, leader, "commissioning_my_tenders")}
        assert {"Registered interest", "Bid submitted: awaiting the decision"} <= statuses
