"""Boards in My work: each person's own actions, meetings, report-backs, ideas and questions, and
for board secretaries the ideas, votes and minutes waiting on their boards; never anyone else's."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from boards import services
from boards.models import (
    ActionStatus,
    AttendanceStatus,
    BoardKind,
    InterestKind,
    Position,
    Proposal,
    ProposalStatus,
    VoteChoice,
)
from coordination.accounts.models import Role
from coordination.places.models import AreaKind
from coordination.places.tenancy import place_scope
from coordination.work.selectors import my_work
from tests.support.boards import board, meeting, pdf, seat, subgroup
from tests.support.funding import make_area

pytestmark = pytest.mark.django_db

LONG_AGO = timedelta(days=60)


def page_of(person, place="buckinghamshire"):
    client = Client()
    client.force_login(person)
    response = client.get(f"/{place}/my-work/")
    assert response.status_code == 200
    return response.content.decode()


def section(page, key):
    """The text of one My work section, or None when the person does not see it."""
    match = re.search(rf'id="work-{key}".*?</section>', page, flags=re.S)
    if match is None:
        return None
    return re.sub(r"\s+", " ", match.group(0))


def seated(place, b, people_positions):
    for person, position in people_positions:
        seat(place, b, person, position, started_on=timezone.localdate() - LONG_AGO)


def community(place, name="Wycombe Community Board"):
    area = make_area(place, f"{name} area", kind=AreaKind.COMMUNITY_BOARD_AREA)
    return board(place, name=name, kind=BoardKind.COMMUNITY_BOARD, area=area, quorum=2)


@pytest.fixture
def recovery(in_bucks, people):
    b = board(in_bucks)
    seated(
        in_bucks,
        b,
        [
            (people["chair"], Position.CHAIR),
            (people["secretary"], Position.SECRETARY),
            (people["member"], Position.MEMBER),
            (people["admin"], Position.OBSERVER),
        ],
    )
    return b


def test_everyone_sees_their_own_actions_and_next_meetings(in_bucks, people, recovery):
    today = timezone.localdate()
    late = services.action_create(
        place=in_bucks,
        actor=people["chair"],
        board=recovery,
        title="Count the food parcels",
        owner=people["member"],
        due_on=today - timedelta(days=3),
    )
    services.action_create(
        place=in_bucks,
        actor=people["chair"],
        board=recovery,
        title="Book the hall",
        owner=people["member"],
        due_on=today + timedelta(days=5),
    )
    done = services.action_create(
        place=in_bucks,
        actor=people["chair"],
        board=recovery,
        title="Write to the minister",
        owner=people["member"],
        due_on=today + timedelta(days=5),
    )
    services.action_update(
        place=in_bucks, actor=people["member"], action=done, status=ActionStatus.DONE
    )
    services.action_create(
        place=in_bucks,
        actor=people["chair"],
        board=recovery,
        title="Chair task: the agenda",
        owner=people["chair"],
        due_on=today + timedelta(days=5),
    )
    with_papers = meeting(in_bucks, recovery, in_days=10, title="December board")
    item = services.agenda_item_add(
        place=in_bucks, actor=people["chair"], meeting=with_papers, title="Budget"
    )
    services.paper_upload(
        place=in_bucks, actor=people["chair"], agenda_item=item, title="Budget paper", file=pdf()
    )
    meeting(in_bucks, recovery, in_days=20, title="January board")
    meeting(in_bucks, recovery, in_days=90, title="Spring board")
    called_off = meeting(in_bucks, recovery, in_days=30, title="Called-off board")
    services.meeting_cancel(
        place=in_bucks, actor=people["chair"], meeting=called_off, reason="No quorum"
    )

    page = page_of(people["member"])
    actions = section(page, "boards_my_actions")
    assert "Count the food parcels" in actions and "Book the hall" in actions
    assert f'href="/buckinghamshire/boards/actions/{late.pk}/"' in actions
    assert "Overdue" in actions and "(2, 1 overdue)" in actions
    # The overdue one comes first.
    assert actions.index("Count the food parcels") < actions.index("Book the hall")
    assert "Write to the minister" not in actions  # done
    assert "Chair task: the agenda" not in page  # someone else's
    meetings = section(page, "boards_my_meetings")
    assert "December board" in meetings and "January board" in meetings
    assert "Spring board" not in meetings  # more than 60 days ahead
    assert "Called-off board" not in meetings
    assert f'href="/buckinghamshire/boards/meetings/{with_papers.pk}/"' in meetings
    december = meetings[meetings.index("December board") : meetings.index("January board")]
    assert "Papers published" in december and "Recovery Board" in december
    assert "Papers not yet published" in meetings[meetings.index("January board") :]
    # Observers see their meetings; nobody who does not lead a subgroup sees report-backs.
    assert "December board" in section(page_of(people["admin"]), "boards_my_meetings")
    assert section(page, "boards_report_backs_due") is None
    # Someone with no seat sees the empty states, saying what will appear.
    outsider = page_of(people["leader"])
    assert "Actions a board gives you appear here" in section(outsider, "boards_my_actions")
    assert "December board" not in outsider


def test_subgroup_officers_see_the_report_backs_their_subgroup_owes(in_bucks, people, recovery):
    housing = subgroup(in_bucks, recovery)
    seated(
        in_bucks,
        housing,
        [(people["chair"], Position.CHAIR), (people["member"], Position.MEMBER)],
    )
    parent_meeting = meeting(in_bucks, recovery, in_days=20, title="Board in three weeks")
    report_back = housing.report_backs.get(parent_meeting=parent_meeting)

    mine = section(page_of(people["chair"]), "boards_report_backs_due")
    assert "Report-back from Housing subgroup" in mine
    assert "Not yet submitted" in mine and "To Recovery Board" in mine
    assert f'href="/buckinghamshire/boards/report-backs/{report_back.pk}/"' in mine
    assert section(page_of(people["member"]), "boards_report_backs_due") is None

    services.report_back_submit(
        place=in_bucks, actor=people["chair"], report_back=report_back, summary="Going well"
    )
    assert "Housing subgroup" not in section(page_of(people["chair"]), "boards_report_backs_due")


def test_a_resident_sees_answers_to_their_own_ideas_and_questions(in_bucks, people):
    cb = community(in_bucks)
    seated(in_bucks, cb, [(people["secretary"], Position.SECRETARY)])
    resident, officer = people["resident"], people["secretary"]

    def idea(title, by=resident):
        return services.proposal_create(
            place=in_bucks, actor=by, board=cb, title=title, description="Please"
        )

    idea("A new bench")
    accepted = idea("A youth club")
    services.proposal_answer(
        place=in_bucks, actor=officer, proposal=accepted, status=ProposalStatus.ACCEPTED
    )
    old = idea("A repair café")
    services.proposal_answer(
        place=in_bucks, actor=officer, proposal=old, status=ProposalStatus.DONE
    )
    Proposal.objects.filter(pk=old.pk).update(status_changed_at=timezone.now() - LONG_AGO)
    withdrawn = idea("A zip wire")
    services.proposal_withdraw(place=in_bucks, actor=resident, proposal=withdrawn)
    idea("Skate park by the river", by=people["neighbour"])
    open_meeting = meeting(in_bucks, cb, in_days=5, is_public=True, title="Open meeting")
    services.question_send(
        place=in_bucks, actor=resident, meeting=open_meeting, text="When is bin day?"
    )

    answers = section(page_of(resident), "boards_my_ideas_and_questions")
    bench = answers[answers.index("A new bench") :]
    assert "Awaiting an answer" in bench[:400]
    club = answers[answers.index("A youth club") :]
    assert "Answered: accepted" in club[:400]
    assert f'href="/buckinghamshire/boards/ideas/{accepted.pk}/"' in answers
    assert "Your question for Open meeting" in answers
    assert "Awaiting an answer at the meeting" in answers
    assert "A repair café" not in answers  # answered more than 30 days ago
    assert "A zip wire" not in answers
    assert "Skate park by the river" not in answers
    # The neighbour sees their own idea, not the resident's question.
    theirs = section(page_of(people["neighbour"]), "boards_my_ideas_and_questions")
    assert "Skate park by the river" in theirs and "Open meeting" not in theirs


def test_secretaries_see_ideas_to_answer_votes_to_record_and_minutes_to_approve(
    in_bucks, people, coventry, make_member
):
    cb = community(in_bucks)
    seated(
        in_bucks,
        cb,
        [
            (people["chair"], Position.CHAIR),
            (people["secretary"], Position.SECRETARY),
            (people["member"], Position.MEMBER),
            (people["admin"], Position.OBSERVER),
        ],
    )
    other = community(in_bucks, name="Aylesbury Community Board")
    new_idea = services.proposal_create(
        place=in_bucks, actor=people["resident"], board=cb, title="Clean the pond", description="x"
    )
    services.proposal_support(place=in_bucks, actor=people["neighbour"], proposal=new_idea)
    services.proposal_create(
        place=in_bucks,
        actor=people["resident"],
        board=other,
        title="Not our board",
        description="x",
    )
    held = meeting(in_bucks, cb, in_days=-7, title="Meeting last week")
    services.attendance_register(
        place=in_bucks,
        actor=people["secretary"],
        meeting=held,
        statuses={
            people[k]: AttendanceStatus.PRESENT for k in ("chair", "secretary", "member", "admin")
        },
    )
    half_voted, not_voted, complete = (
        services.agenda_item_add(
            place=in_bucks, actor=people["secretary"], meeting=held, title=title
        )
        for title in ("Fund the fete", "Any other business", "Close the car park")
    )
    for item in (half_voted, complete):
        services.vote_record(
            place=in_bucks,
            actor=people["secretary"],
            agenda_item=item,
            member=people["chair"],
            choice=VoteChoice.FOR,
        )
    services.vote_record(
        place=in_bucks,
        actor=people["secretary"],
        agenda_item=complete,
        member=people["secretary"],
        choice=VoteChoice.AGAINST,
    )
    services.declaration_record(
        place=in_bucks,
        actor=people["secretary"],
        meeting=held,
        member=people["member"],
        kind=InterestKind.PERSONAL,
        nature="My brother owns it",
        agenda_item=complete,
    )
    services.minutes_save(
        place=in_bucks, actor=people["secretary"], meeting=held, minutes="We met."
    )
    earlier = meeting(in_bucks, cb, in_days=-20, title="Meeting last month")
    services.minutes_save(
        place=in_bucks, actor=people["secretary"], meeting=earlier, minutes="Done.", publish=True
    )
    with place_scope(coventry):
        far = make_member(coventry, Role.RESIDENT, name="Far Away")
        cov_board = community(coventry, name="Coventry Community Board")
        services.proposal_create(
            place=coventry, actor=far, board=cov_board, title="Coventry idea", description="x"
        )

    page = page_of(people["secretary"])
    ideas = section(page, "boards_ideas_to_answer")
    assert "Clean the pond" in ideas and "1 supporter" in ideas
    assert "Awaiting the board’s answer" in ideas
    assert f'href="/buckinghamshire/boards/ideas/{new_idea.pk}/"' in ideas
    assert "Not our board" not in ideas and "Coventry idea" not in page
    votes = section(page, "boards_votes_to_record")
    # The observer does not vote: the secretary and the member have neither voted nor declared.
    assert "Fund the fete" in votes
    assert "2 members present have not voted or declared an interest" in votes
    assert f'href="/buckinghamshire/boards/agenda/{half_voted.pk}/votes/"' in votes
    assert "Any other business" not in votes  # not put to a vote
    assert "Close the car park" not in votes  # everyone voted or declared
    minutes = section(page, "boards_minutes_to_approve")
    assert "Minutes of Meeting last week" in minutes and "Draft: not yet published" in minutes
    assert f'href="/buckinghamshire/boards/meetings/{held.pk}/minutes/"' in minutes
    assert "Meeting last month" not in minutes  # published

    # The chair is no secretary: none of these sections.
    chair_page = page_of(people["chair"])
    for key in ("boards_ideas_to_answer", "boards_votes_to_record", "boards_minutes_to_approve"):
        assert section(chair_page, key) is None
    # Once the minutes are published and the vote complete, nothing is left.
    for member in (people["secretary"], people["member"]):
        services.vote_record(
            place=in_bucks,
            actor=people["secretary"],
            agenda_item=half_voted,
            member=member,
            choice=VoteChoice.ABSTAIN,
        )
    services.minutes_save(
        place=in_bucks, actor=people["secretary"], meeting=held, minutes="We met.", publish=True
    )
    page = page_of(people["secretary"])
    assert "Fund the fete" not in section(page, "boards_votes_to_record")
    assert "Meeting last week" not in section(page, "boards_minutes_to_approve")


def _boards_queries(place, user):
    my_work(place, user)  # warm: roles and caches
    with CaptureQueriesContext(connection) as queries:
        sections = [s for s in my_work(place, user) if s.key.startswith("boards_")]
    return len(queries), sum(len(s.entries) for s in sections)


def test_the_boards_sections_cost_the_same_queries_for_few_and_many_rows(in_bucks, people):
    cb = community(in_bucks)
    seated(in_bucks, cb, [(people["secretary"], Position.SECRETARY)])
    group = subgroup(in_bucks, board(in_bucks, name="Parent"), name="Group")
    seated(in_bucks, group, [(people["secretary"], Position.CHAIR)])

    def add_rows(n, start):
        for i in range(start, start + n):
            services.action_create(
                place=in_bucks,
                actor=None,
                board=cb,
                title=f"Action {i}",
                owner=people["secretary"],
                due_on=timezone.localdate() + timedelta(days=i),
            )
            held = meeting(in_bucks, cb, in_days=-i - 1, title=f"Held {i}")
            services.minutes_save(place=in_bucks, actor=None, meeting=held, minutes="Draft")
            meeting(in_bucks, cb, in_days=i + 1, title=f"Next {i}")
            meeting(in_bucks, group.parent, in_days=i + 1, title=f"Parent {i}")
            services.proposal_create(
                place=in_bucks,
                actor=people["resident"],
                board=cb,
                title=f"Idea {i}",
                description="x",
            )
            services.proposal_create(
                place=in_bucks,
                actor=people["secretary"],
                board=cb,
                title=f"Own idea {i}",
                description="x",
            )

    add_rows(1, 0)
    few, few_items = _boards_queries(in_bucks, people["secretary"])
    add_rows(5, 1)
    many, many_items = _boards_queries(in_bucks, people["secretary"])
    assert many_items > few_items
    assert many == few
