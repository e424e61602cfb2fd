"""The stage machine and its public timeline, co-design versions and answers, deadlines in the
place's timezone, submissions, awards, and the refusals people see when they break a rule."""

import zoneinfo
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from commissioning import selectors, services
from commissioning.models import (
    Lot,
    ResponseKind,
    Score,
    SectionVersion,
    Stage,
    SubmissionStatus,
    TenderStageChange,
)
from coordination.audit.models import AuditEntry
from coordination.errors import RuleViolation
from coordination.notifications.models import Notification
from tests.support.commissioning import (
    council_of,
    leader_of,
    officer_of,
    opened,
    tender,
    through_co_design,
)
from tests.support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def messages_of(exc):
    return (
        " ".join(m for ms in exc.value.message_dict.values() for m in ms)
        if hasattr(exc.value, "error_dict")
        else " ".join(exc.value.messages)
    )


def test_a_new_tender_starts_in_the_pipeline_with_a_timeline_row_and_an_audit_entry(
    bucks, council, officer
):
    t = tender(bucks, officer, council)
    assert t.stage == Stage.PIPELINE
    row = TenderStageChange.objects.for_place(bucks).get(tender=t)
    assert (row.from_stage, row.to_stage, row.changed_by) == ("", "pipeline", officer)
    assert (
        AuditEntry.objects.for_place(bucks).filter(action="commissioning.tender.create").count()
        == 1
    )


def test_only_a_council_commissions(bucks, officer):
    charity = OrganisationFactory(places=[bucks])
    with pytest.raises(RuleViolation) as exc:
        tender(bucks, officer, charity)
    assert "commissioner" in exc.value.message_dict


def test_an_officer_runs_only_their_own_councils_tenders(bucks, council, officer):
    other_council = council_of(bucks, "Another District Council")
    other_officer = officer_of(bucks, other_council)
    t = tender(bucks, officer, council)
    with pytest.raises(RuleViolation, match="commissioning council"):
        services.tender_change_stage(
            place=bucks, actor=other_officer, tender=t, to_stage="co_design", rationale="Mine now"
        )


def test_every_stage_change_is_on_the_timeline_with_date_person_and_rationale(
    bucks, council, officer, charity
):
    leader, organisation = charity
    t = tender(bucks, officer, council)
    opened(bucks, officer, t, leader=leader, organisation=organisation)
    rows = list(selectors.timeline(t))
    assert [(r.from_stage, r.to_stage) for r in rows] == [
        ("", "pipeline"),
        ("pipeline", "co_design"),
        ("co_design", "open"),
    ]
    assert rows[-1].rationale == "Open for bids" and rows[-1].changed_by == officer
    assert (
        AuditEntry.objects.for_place(bucks).filter(action="commissioning.tender.stage").count() == 2
    )


@pytest.mark.parametrize(
    ("to_stage", "expected"),
    [("evaluation", "cannot move to Evaluation"), ("awarded", "cannot move to Awarded")],
)
def test_stage_changes_out_of_order_are_refused(bucks, council, officer, to_stage, expected):
    t = tender(bucks, officer, council)
    with pytest.raises(RuleViolation) as exc:
        services.tender_change_stage(
            place=bucks, actor=officer, tender=t, to_stage=to_stage, rationale="Skip ahead"
        )
    assert expected in messages_of(exc)
    assert "From here it can move to: Co-design, Market engagement, Open for bids" in messages_of(
        exc
    )
    t.refresh_from_db()
    assert t.stage == Stage.PIPELINE


def test_a_stage_change_needs_a_rationale(bucks, council, officer):
    t = tender(bucks, officer, council)
    with pytest.raises(RuleViolation) as exc:
        services.tender_change_stage(
            place=bucks, actor=officer, tender=t, to_stage="co_design", rationale="  "
        )
    assert "rationale" in exc.value.message_dict


def test_a_cancelled_tender_stays_cancelled(bucks, council, officer):
    t = tender(bucks, officer, council)
    services.tender_change_stage(
        place=bucks, actor=officer, tender=t, to_stage="cancelled", rationale="Budget withdrawn"
    )
    with pytest.raises(RuleViolation, match="none"):
        services.tender_change_stage(
            place=bucks, actor=officer, tender=t, to_stage="co_design", rationale="Back again"
        )


def test_co_design_cannot_close_while_a_comment_is_unanswered(bucks, council, officer, charity):
    leader, organisation = charity
    t = tender(bucks, officer, council)
    services.tender_change_stage(
        place=bucks, actor=officer, tender=t, to_stage="co_design", rationale="Start"
    )
    section = services.section_add(place=bucks, actor=officer, tender=t, heading="A", body="x")
    services.co_design_join(place=bucks, actor=leader, tender=t, organisation=organisation)
    comment = services.comment_add(
        place=bucks,
        actor=leader,
        version=services.latest_version(section),
        organisation=organisation,
        body="More",
    )
    with pytest.raises(RuleViolation) as exc:
        services.tender_change_stage(
            place=bucks, actor=officer, tender=t, to_stage="open", rationale="Go"
        )
    assert "1 still unanswered" in messages_of(exc)
    assert "you_said_we_did" in exc.value.message_dict
    with pytest.raises(RuleViolation) as exc:
        services.comment_respond(
            place=bucks, actor=officer, comment=comment, response=ResponseKind.NOT_TAKEN
        )
    assert "Give the reason" in messages_of(exc)
    services.comment_respond(
        place=bucks,
        actor=officer,
        comment=comment,
        response=ResponseKind.NOT_TAKEN,
        response_text="Out of scope: covered by the housing contract.",
    )
    assert selectors.unanswered_comment_count(t) == 0


def test_sections_are_versioned_and_the_diff_shows_what_changed(bucks, council, officer, charity):
    leader, organisation = charity
    t = tender(bucks, officer, council)
    section = through_co_design(bucks, officer, t, leader=leader, organisation=organisation)
    v1, v2 = SectionVersion.objects.for_place(bucks).filter(section=section).order_by("number")
    assert (v1.number, v2.number) == (1, 2)
    diff = selectors.version_diff(v1, v2)
    assert [(line.kind, line.text) for line in diff] == [
        ("same", "Feed people."),
        ("same", "Weekly."),
        ("added", "Teach cooking skills."),
    ]
    with pytest.raises(RuleViolation, match="same as the current"):
        services.section_revise(place=bucks, actor=officer, section=section, body=v2.body)


def test_a_comment_after_co_design_closed_is_refused(bucks, council, officer, charity):
    leader, organisation = charity
    t = tender(bucks, officer, council)
    section = through_co_design(bucks, officer, t, leader=leader, organisation=organisation)
    later = t.co_design_closes_at + timedelta(minutes=1)
    with pytest.raises(RuleViolation, match="Co-design on this tender has closed"):
        services.comment_add(
            place=bucks,
            actor=leader,
            version=services.latest_version(section),
            organisation=organisation,
            body="Too late",
            now=later,
        )


def test_co_design_outputs_are_published_to_everyone_when_the_tender_opens(
    bucks, council, officer, charity
):
    leader, organisation = charity
    outsider, _org = leader_of(bucks)
    t = tender(bucks, officer, council)
    through_co_design(bucks, officer, t, leader=leader, organisation=organisation)
    t.refresh_from_db()
    assert selectors.can_see_co_design(leader, bucks, t)
    assert not selectors.can_see_co_design(outsider, bucks, t)
    services.tender_change_stage(
        place=bucks, actor=officer, tender=t, to_stage="open", rationale="Open"
    )
    t.refresh_from_db()
    assert t.co_design_published_at is not None
    assert selectors.can_see_co_design(outsider, bucks, t)
    shown = selectors.comments_for(outsider, bucks, t)
    assert [s.by for s in shown] == ["Participant 1"]
    assert organisation.name not in [s.by for s in shown]
    assert [s.by for s in selectors.comments_for(officer, bucks, t)] == [organisation.name]
    assert [s.by for s in selectors.comments_for(leader, bucks, t)] == ["Your organisation"]


def test_questions_are_anonymised_and_answers_published(bucks, council, officer, charity):
    leader, organisation = charity
    other, _org = leader_of(bucks)
    t = opened(bucks, officer, tender(bucks, officer, council))
    question = services.clarification_ask(
        place=bucks, actor=leader, tender=t, organisation=organisation, question="Can we sublet?"
    )
    assert selectors.clarifications_for(other, bucks, t) == []
    services.interest_register(place=bucks, actor=other, tender=t, organisation=_org)
    services.clarification_answer(
        place=bucks, actor=officer, clarification=question, answer="Yes, with consent."
    )
    [shown] = selectors.clarifications_for(other, bucks, t)
    assert (shown.clarification.answer, shown.by) == ("Yes, with consent.", "")
    [mine] = selectors.clarifications_for(leader, bucks, t)
    assert mine.by == "Your organisation"
    # The interested organisation heard of the answer in the app.
    from coordination.notifications.models import Notification

    assert (
        Notification.objects.for_place(bucks)
        .filter(user=other, kind="commissioning_clarification_answered")
        .exists()
    )


def test_submission_deadline_is_enforced_in_the_places_timezone(bucks, council, officer, charity):
    leader, organisation = charity
    bucks.timezone = "America/New_York"  # a place whose clock is not the server's
    bucks.save()
    tz = zoneinfo.ZoneInfo("America/New_York")
    now = timezone.now()
    deadline = datetime(now.year + 1, 3, 2, 17, 0, tzinfo=tz)  # 17:00 in New York = 22:00 UTC
    t = opened(
        bucks,
        officer,
        tender(bucks, officer, council, submission_deadline=deadline, clarification_deadline=None),
    )
    just_before = datetime(now.year + 1, 3, 2, 16, 59, tzinfo=tz)
    just_after = datetime(now.year + 1, 3, 2, 17, 1, tzinfo=tz)
    late_leader, late_org = leader_of(bucks)
    with pytest.raises(RuleViolation) as exc:
        services.submission_submit(
            place=bucks,
            actor=late_leader,
            tender=t,
            lead=late_org,
            summary="Late",
            price=Decimal("1"),
            now=just_after,
        )
    assert f"Bids closed at 2 March {now.year + 1} at 17:00" in messages_of(exc)
    submission = services.submission_submit(
        place=bucks,
        actor=leader,
        tender=t,
        lead=organisation,
        summary="We run pantries.",
        price=Decimal("240000"),
        now=just_before,
    )
    assert submission.status == SubmissionStatus.SUBMITTED


def test_a_consortium_bids_and_the_award_is_decided_with_feedback(bucks, council, officer, charity):
    leader, organisation = charity
    partner = OrganisationFactory(name="Partner Pantry", places=[bucks])
    rival_leader, rival = leader_of(bucks)
    now = timezone.now()
    t = tender(bucks, officer, council)
    services.criterion_add(place=bucks, actor=officer, tender=t, title="Quality", weight=60)
    services.criterion_add(place=bucks, actor=officer, tender=t, title="Price", weight=40)
    with pytest.raises(RuleViolation, match="more than 100"):
        services.criterion_add(place=bucks, actor=officer, tender=t, title="Extra", weight=5)
    opened(bucks, officer, t)
    bid = services.submission_submit(
        place=bucks,
        actor=leader,
        tender=t,
        lead=organisation,
        partners=[partner],
        summary="Together.",
        price=Decimal("245000"),
    )
    lost = services.submission_submit(
        place=bucks, actor=rival_leader, tender=t, lead=rival, summary="Us.", price=Decimal("1")
    )
    assert bid.is_consortium
    # Privacy: each bidder sees only their own bid; the council sees none until bids open at the
    # deadline, and both after.
    assert list(selectors.submissions_visible_to(leader, bucks, t)) == [bid]
    assert list(selectors.submissions_visible_to(rival_leader, bucks, t)) == [lost]
    assert list(selectors.submissions_visible_to(officer, bucks, t)) == []
    assert list(selectors.submissions_visible_to(officer, bucks)) == []
    at_deadline = t.submission_deadline
    assert set(selectors.submissions_visible_to(officer, bucks, t, now=at_deadline)) == {bid, lost}
    assert set(selectors.submissions_visible_to(officer, bucks, now=at_deadline)) == {bid, lost}
    with pytest.raises(RuleViolation, match="Bids are open until"):
        services.tender_change_stage(
            place=bucks, actor=officer, tender=t, to_stage="evaluation", rationale="Early"
        )
    after = t.submission_deadline + timedelta(minutes=1)
    services.tender_change_stage(
        place=bucks, actor=officer, tender=t, to_stage="evaluation", rationale="Closed", now=after
    )
    quality, price = selectors.criteria_of(t)
    services.score_record(place=bucks, actor=officer, submission=bid, criterion=quality, score=8)
    services.score_record(place=bucks, actor=officer, submission=bid, criterion=price, score=6)
    assert selectors.weighted_total(bid) == 72.0
    # Every bid is scored on every published criterion before anyone wins.
    with pytest.raises(RuleViolation, match="2 scores? still missing"):
        services.award_make(
            place=bucks,
            actor=officer,
            tender=t,
            submission=bid,
            value=Decimal("245000"),
            rationale="Too soon.",
            now=after,
        )
    # Scores for one bid go in together or not at all: an 11 refuses the 5 beside it too.
    with pytest.raises(RuleViolation) as refused:
        services.scores_record(
            place=bucks, actor=officer, submission=lost, scores=[(quality, 5), (price, 11)]
        )
    assert f"score_{price.pk}" in refused.value.message_dict
    assert not Score.objects.for_place(bucks).filter(submission=lost).exists()
    services.scores_record(
        place=bucks, actor=officer, submission=lost, scores=[(quality, 3), (price, 9)]
    )
    assert selectors.weighted_total(lost) == 54.0
    services.award_make(
        place=bucks,
        actor=officer,
        tender=t,
        submission=bid,
        value=Decimal("245000"),
        rationale="Best quality and local reach.",
        now=after + timedelta(days=3),
    )
    t.refresh_from_db()
    lost.refresh_from_db()
    assert t.stage == Stage.AWARDED and lost.status == SubmissionStatus.UNSUCCESSFUL
    assert selectors.timeline(t).last().rationale == "Best quality and local reach."
    services.feedback_give(place=bucks, actor=officer, submission=lost, feedback="Price too low.")
    told = Notification.objects.for_place(bucks).filter(user=rival_leader)
    assert told.filter(title__startswith="Feedback on your bid").count() == 1
    assert not Notification.objects.for_place(bucks).filter(
        user=leader, title__startswith="Feedback"
    )
    assert now < after


def test_a_late_comment_and_another_places_tender_are_refused(
    bucks, coventry, council, officer, charity
):
    leader, organisation = charity
    t = tender(bucks, officer, council)
    with pytest.raises(RuleViolation, match="not in Coventry"):
        services.interest_register(
            place=coventry, actor=leader, tender=t, organisation=organisation
        )


def test_proportionality_flags_demand_rising_while_value_did_not(bucks, council, officer):
    t = tender(bucks, officer, council)
    for label, year, demand, value in [
        ("2020 contract", 2020, 300, 200000),
        ("2023 contract", 2023, 450, 200000),
    ]:
        services.demand_period_add(
            place=bucks,
            actor=officer,
            tender=t,
            label=label,
            starts_on=datetime(year, 4, 1).date(),
            indicator="referrals a quarter",
            demand=Decimal(demand),
            value=Decimal(value),
        )
    result = selectors.proportionality(t)
    assert result.flagged and result.demand_change == 50.0 and result.value_change == 0.0


def test_a_question_after_the_question_deadline_is_refused(bucks, council, officer, charity):
    leader, organisation = charity
    t = opened(bucks, officer, tender(bucks, officer, council))
    with pytest.raises(RuleViolation, match="The deadline for questions was"):
        services.clarification_ask(
            place=bucks,
            actor=leader,
            tender=t,
            organisation=organisation,
            question="Late?",
            now=t.clarification_deadline + timedelta(seconds=1),
        )


def test_lots_and_criteria_are_changed_or_removed_until_the_tender_opens(
    bucks, council, officer, charity
):
    leader, _organisation = charity
    t = tender(bucks, officer, council)
    lot = services.lot_add(place=bucks, actor=officer, tender=t, title="North")
    services.lot_update(
        place=bucks, actor=officer, lot=lot, title="North and west", estimated_value=Decimal("9")
    )
    lot.refresh_from_db()
    assert (lot.title, lot.estimated_value) == ("North and west", Decimal("9.00"))
    quality = services.criterion_add(
        place=bucks, actor=officer, tender=t, title="Quality", weight=70
    )
    services.criterion_add(place=bucks, actor=officer, tender=t, title="Price", weight=30)
    with pytest.raises(RuleViolation, match="the others make 30%"):
        services.criterion_update(
            place=bucks, actor=officer, criterion=quality, title="Quality", weight=80
        )
    services.criterion_update(
        place=bucks, actor=officer, criterion=quality, title="Quality of service", weight=70
    )
    with pytest.raises(RuleViolation, match="commissioning council"):
        services.lot_remove(place=bucks, actor=leader, lot=lot)
    extra = services.lot_add(place=bucks, actor=officer, tender=t, title="Spare")
    services.lot_remove(place=bucks, actor=officer, lot=extra)
    assert list(Lot.objects.for_place(bucks).filter(tender=t)) == [lot]
    actions = set(
        AuditEntry.objects.for_place(bucks)
        .filter(action__startswith="commissioning.")
        .values_list("action", flat=True)
    )
    assert {
        "commissioning.lot.update",
        "commissioning.lot.remove",
        "commissioning.criterion.update",
    } <= actions

    opened(bucks, officer, t)
    with pytest.raises(RuleViolation, match="before the tender opens"):
        services.lot_update(place=bucks, actor=officer, lot=lot, title="Late")
    with pytest.raises(RuleViolation, match="published before the tender opens"):
        services.criterion_remove(place=bucks, actor=officer, criterion=quality)


def test_co_design_outputs_go_public_when_co_design_closes_and_record_the_real_window(
    client, bucks, council, officer, charity
):
    leader, organisation = charity
    now = timezone.now()
    t = tender(
        bucks,
        officer,
        council,
        co_design_opens_at=now + timedelta(days=3),  # planned later; opened early
        co_design_closes_at=now + timedelta(days=20),
    )
    through_co_design(bucks, officer, t, leader=leader, organisation=organisation)
    t.refresh_from_db()
    assert t.co_design_opens_at <= timezone.now()
    assert not selectors.can_see_co_design(AnonymousUser(), bucks, t)
    services.tender_change_stage(
        place=bucks,
        actor=officer,
        tender=t,
        to_stage=Stage.MARKET_ENGAGEMENT,
        rationale="Co-design has done its work",
    )
    t.refresh_from_db()
    # Market engagement starts level: everyone sees what the co-design group saw.
    assert t.co_design_published_at is not None
    assert t.co_design_closes_at <= timezone.now()
    assert selectors.can_see_co_design(AnonymousUser(), bucks, t)
    # The session record is still open in market engagement, and attendance can be corrected.
    session = services.session_record(
        place=bucks, actor=officer, tender=t, title="Market day", held_at=now, attendees=[]
    )
    services.session_update(
        place=bucks,
        actor=officer,
        session=session,
        title="Market day",
        held_at=now,
        attendees=[organisation],
    )
    assert list(session.attendees.all()) == [organisation]
    services.tender_change_stage(
        place=bucks, actor=officer, tender=t, to_stage=Stage.OPEN, rationale="Open"
    )
    with pytest.raises(RuleViolation, match="recorded before the tender opens"):
        services.session_update(
            place=bucks, actor=officer, session=session, title="Late", held_at=now
        )


def test_a_bidder_withdraws_and_resubmits_before_the_deadline_but_not_after(
    bucks, council, officer, charity
):
    leader, organisation = charity
    t = opened(bucks, officer, tender(bucks, officer, council))
    bid = services.submission_submit(
        place=bucks, actor=leader, tender=t, lead=organisation, summary="v1", price=Decimal("5")
    )
    with pytest.raises(RuleViolation, match="represent"):
        services.submission_withdraw(place=bucks, actor=officer, submission=bid)
    services.submission_withdraw(place=bucks, actor=leader, submission=bid)
    assert not selectors.submissions_visible_to(officer, bucks, t).exists()
    again = services.submission_submit(
        place=bucks, actor=leader, tender=t, lead=organisation, summary="v2", price=Decimal("4")
    )
    with pytest.raises(RuleViolation, match="Bids have closed"):
        services.submission_withdraw(
            place=bucks,
            actor=leader,
            submission=again,
            now=t.submission_deadline + timedelta(seconds=1),
        )
    assert (
        AuditEntry.objects.for_place(bucks)
        .filter(action="commissioning.submission.withdraw")
        .count()
        == 1
    )


def test_dates_that_make_sense_for_a_tender_and_its_sessions(bucks, council, officer):
    far = timezone.now().replace(year=timezone.now().year + 30)
    with pytest.raises(RuleViolation) as exc:
        tender(bucks, officer, council, submission_deadline=far)
    assert "check the year" in exc.value.message_dict["submission_deadline"][0]
    t = tender(bucks, officer, council)
    # A session is recorded once held: never in the future.
    with pytest.raises(RuleViolation) as exc:
        services.session_record(
            place=bucks,
            actor=officer,
            tender=t,
            title="Next week's workshop",
            held_at=timezone.now() + timedelta(days=7),
        )
    assert exc.value.message_dict["held_at"] == ["The date must be today or in the past."]
