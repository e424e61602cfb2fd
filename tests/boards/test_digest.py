"""Boards' reminders and digest sections, through the notifications registry and dispatcher."""

from datetime import timedelta

import pytest
from django.utils import timezone

from boards import services
from boards.models import BoardKind, Position, ProposalStatus
from coordination.notifications import dispatch
from coordination.notifications.models import REMINDER_KIND_PREFIX, OutboxEmail
from coordination.places.tenancy import place_scope
from tests.support.boards import board, meeting, seat, subgroup
from tests.support.factories import AreaFactory

pytestmark = pytest.mark.django_db


def sent(place, kind):
    return list(
        OutboxEmail.objects.for_place(place)
        .filter(kind=REMINDER_KIND_PREFIX + kind)
        .order_by("pk")
        .values_list("to_email", "subject", "text_body")
    )


def test_a_meeting_in_two_days_reminds_every_member_once_with_the_agenda(in_bucks, people):
    recovery = board(in_bucks)
    seat(in_bucks, recovery, people["chair"], Position.CHAIR)
    seat(in_bucks, recovery, people["member"])
    m = meeting(in_bucks, recovery, in_days=5, title="Recovery Board, May")
    services.agenda_item_add(place=in_bucks, actor=None, meeting=m, title="Winter pressures")
    dispatch.dispatch_due_reminders(now=m.starts_at - timedelta(days=3))
    assert sent(in_bucks, "boards_meeting_soon") == []
    later = m.starts_at - timedelta(days=1, hours=23)
    dispatch.dispatch_due_reminders(now=later)
    dispatch.dispatch_due_reminders(now=later + timedelta(hours=1))  # a second tick sends nothing
    rows = sent(in_bucks, "boards_meeting_soon")
    assert sorted(r[0] for r in rows) == sorted([people["chair"].email, people["member"].email])
    assert all(r[1] == "Recovery Board, May is in two days" for r in rows)
    assert "1. Winter pressures" in rows[0][2]


def test_actions_due_and_overdue_remind_their_owner(in_bucks, people):
    recovery = board(in_bucks)
    action = services.action_create(
        place=in_bucks,
        actor=None,
        board=recovery,
        title="Draft the winter plan",
        owner=people["member"],
        due_on=timezone.localdate() + timedelta(days=1),
    )
    dispatch.dispatch_due_reminders()
    assert [r[1] for r in sent(in_bucks, "boards_action_due")] == [
        "Your action “Draft the winter plan” is due soon"
    ]
    dispatch.dispatch_due_reminders(now=timezone.now() + timedelta(days=3))
    assert [r[0] for r in sent(in_bucks, "boards_action_overdue")] == [people["member"].email]
    services.action_update(place=in_bucks, actor=None, action=action, status="done")
    dispatch.dispatch_due_reminders(now=timezone.now() + timedelta(days=4))
    assert len(sent(in_bucks, "boards_action_overdue")) == 1


def test_report_backs_due_and_overdue_remind_the_subgroup_officers(in_bucks, people):
    parent = board(in_bucks)
    group = subgroup(in_bucks, parent, name="Food subgroup", report_back_lead_days=5)
    seat(in_bucks, group, people["secretary"], Position.SECRETARY)
    seat(in_bucks, group, people["member"])  # a plain member is not chased
    m = meeting(in_bucks, parent, in_days=20)
    rb = group.report_backs.get()
    dispatch.dispatch_due_reminders(now=rb.due_at - timedelta(days=2))
    assert [r[:2] for r in sent(in_bucks, "boards_report_back_due")] == [
        (people["secretary"].email, "The report-back from Food subgroup is due soon")
    ]
    dispatch.dispatch_due_reminders(now=rb.due_at + timedelta(hours=1))
    assert [r[:2] for r in sent(in_bucks, "boards_report_back_overdue")] == [
        (people["secretary"].email, "The report-back from Food subgroup is overdue")
    ]
    assert m.starts_at > rb.due_at


def test_papers_due_remind_the_item_owner(in_bucks, people):
    recovery = board(in_bucks)
    m = meeting(in_bucks, recovery, in_days=10, papers_due_days=5)
    services.agenda_item_add(
        place=in_bucks, actor=None, meeting=m, title="Budget", owner=people["member"]
    )
    dispatch.dispatch_due_reminders(now=m.papers_due_at - timedelta(days=1))
    assert [r[0] for r in sent(in_bucks, "boards_papers_due")] == [people["member"].email]


def test_the_digest_has_meetings_minutes_actions_and_answered_ideas(bucks, people):
    with place_scope(bucks):
        area = AreaFactory(place=bucks, name="Marlow", kind="community_board_area")
        cb = board(bucks, name="Marlow CB", kind=BoardKind.COMMUNITY_BOARD, area=area)
        seat(bucks, cb, people["member"])
        soon = meeting(bucks, cb, in_days=3, title="Marlow in public", is_public=True)
        past = meeting(bucks, cb, in_days=-3, title="Marlow last week")
        services.minutes_save(
            place=bucks, actor=None, meeting=past, minutes="We met.", publish=True
        )
        services.action_create(
            place=bucks,
            actor=None,
            board=cb,
            title="Ask about the footpath",
            owner=people["member"],
            due_on=timezone.localdate() + timedelta(days=2),
        )
        idea = services.proposal_create(
            place=bucks,
            actor=people["resident"],
            board=cb,
            title="A book swap",
            description="In the library",
        )
        services.proposal_support(place=bucks, actor=people["member"], proposal=idea)
        services.proposal_answer(
            place=bucks,
            actor=people["officer"],
            proposal=idea,
            status=ProposalStatus.ACCEPTED,
            answer="The library agreed.",
        )
        dropped = services.proposal_create(
            place=bucks,
            actor=people["resident"],
            board=cb,
            title="A dog show",
            description="On the green",
        )
        services.proposal_support(place=bucks, actor=people["member"], proposal=dropped)
        services.proposal_withdraw(place=bucks, actor=people["resident"], proposal=dropped)
        email, _since, _until = dispatch.preview_digest(bucks, people["member"])
    sections = {s["key"]: [i.title for i in s["items"]] for s in email.sections}
    assert sections["boards_upcoming_meetings"] == ["Marlow in public (Marlow CB)"]
    assert sections["boards_new_minutes"] == ["Minutes of Marlow last week (Marlow CB)"]
    assert sections["boards_actions"] == ["Ask about the footpath"]
    # The answer was news, emailed at once (the supporter's default), so the digest does not
    # repeat it; a withdrawal is not news, so the digest tells the supporter.
    assert sections["boards_proposals"] == ["“A dog show” is now: withdrawn by the proposer"]
    assert soon.pk


def test_a_cancelled_meeting_sends_no_reminders_and_its_report_backs_stop(in_bucks, people):
    recovery = board(in_bucks)
    group = subgroup(in_bucks, recovery, name="Food subgroup")
    seat(in_bucks, recovery, people["chair"], Position.CHAIR)
    seat(in_bucks, group, people["secretary"], Position.CHAIR)
    m = meeting(in_bucks, recovery, in_days=5, title="Recovery Board, May")
    item = services.agenda_item_add(
        place=in_bucks, actor=None, meeting=m, title="Budget", owner=people["member"]
    )
    assert item.pk
    services.meeting_cancel(place=in_bucks, actor=None, meeting=m, reason="No quorum.")
    for days in (4, 2, 1):
        dispatch.dispatch_due_reminders(now=m.starts_at - timedelta(days=days, hours=-1))
    for kind in (
        "boards_meeting_soon",
        "boards_papers_due",
        "boards_report_back_due",
        "boards_report_back_overdue",
    ):
        assert sent(in_bucks, kind) == [], kind
    assert not group.report_backs.exists()
