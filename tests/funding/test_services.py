"""The bid's state machine, feedback rules and the refusals: each change timestamped and audited."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from coordination.accounts.models import Role
from coordination.audit.models import AuditEntry
from coordination.errors import RuleViolation
from coordination.notifications.models import Notification
from coordination.organisations.models import OrganisationKind
from funding import services
from funding.models import Bid, BidEvent, BidState, Feedback
from funding.selectors import get_programme
from tests.support.factories import OrganisationFactory
from tests.support.funding import today_in

pytestmark = pytest.mark.django_db


def states(bid):
    return list(
        BidEvent.objects.for_place(bid.place).filter(bid=bid).values_list("from_state", "to_state")
    )


def audits(bid):
    return list(
        AuditEntry.objects.for_place(bid.place)
        .filter(target_type="funding.bid", target_id=str(bid.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def reread(bid):
    return Bid.objects.for_place(bid.place).get(pk=bid.pk)


def test_a_bid_goes_from_draft_to_awarded_with_every_step_recorded(
    make_bid, funder, award, funder_org
):
    bid = make_bid(submit=True)
    assert bid.state == BidState.SUBMITTED and bid.submitted_at is not None
    services.bid_start_review(place=bid.place, actor=funder, bid=bid)
    award(bid, amount=Decimal("18000"), start=date(2026, 4, 1), months=24)
    bid = reread(bid)
    assert bid.state == BidState.AWARDED
    assert bid.amount_awarded == Decimal("18000")
    assert bid.award_end == date(2028, 3, 31)
    assert bid.award_months == 24
    assert states(bid) == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "under_review"),
        ("under_review", "awarded"),
    ]
    assert audits(bid) == [
        "funding.bid.create",
        "funding.bid.submit",
        "funding.bid.review",
        "funding.bid.award",
    ]
    assert all(e.at for e in BidEvent.objects.for_place(bid.place).filter(bid=bid))


def test_the_funder_hears_of_a_submission_and_the_applicant_of_the_decision(
    make_bid, funder, leader, decline
):
    bid = make_bid(submit=True)
    assert Notification.objects.for_place(bid.place).filter(user=funder, title__contains=bid.title)
    decline(bid)
    assert Notification.objects.for_place(bid.place).filter(
        user=leader, title=f"“{bid.title}” was not funded"
    )


@pytest.mark.parametrize(
    "final", [BidState.WITHDRAWN, BidState.AWARDED, BidState.DECLINED], ids=str
)
def test_a_final_bid_cannot_be_awarded_or_declined(final, make_bid, leader, funder, award, decline):
    bid = make_bid(submit=True)
    if final == BidState.WITHDRAWN:
        services.bid_withdraw(place=bid.place, actor=leader, bid=bid)
    elif final == BidState.AWARDED:
        award(bid)
    else:
        decline(bid)
    before = states(bid)
    with pytest.raises(RuleViolation, match="cannot become awarded"):
        award(bid)
    with pytest.raises(RuleViolation, match="cannot become declined"):
        decline(bid)
    assert reread(bid).state == final
    assert states(bid) == before


def test_a_draft_cannot_be_decided(make_bid, award):
    bid = make_bid()
    with pytest.raises(RuleViolation, match="draft cannot become awarded"):
        award(bid)


def test_declining_needs_structured_feedback_and_changes_nothing_without_it(make_bid, funder):
    bid = make_bid(submit=True)
    with pytest.raises(RuleViolation) as refused:
        services.bid_decline(
            place=bid.place, actor=funder, bid=bid, reasons=[], strengths="", to_strengthen=""
        )
    assert set(refused.value.message_dict) >= {"reasons", "strengths", "to_strengthen"}
    assert reread(bid).state == BidState.SUBMITTED
    assert not Feedback.objects.for_place(bid.place).exists()
    with pytest.raises(RuleViolation, match="from the list"):
        services.bid_decline(
            place=bid.place,
            actor=funder,
            bid=bid,
            reasons=["made_up"],
            strengths="x",
            to_strengthen="y",
        )


def test_feedback_is_due_by_the_commitment_and_overdue_after(make_bid, decline, funder):
    bid = make_bid(submit=True)
    decided = timezone.now()
    decline(bid, release=False, now=decided)
    feedback = Feedback.objects.for_place(bid.place).get(bid=bid)
    decided_on = timezone.localdate(decided, bid.place.tz)
    assert feedback.due_on == decided_on + timedelta(days=30)
    assert not feedback.is_overdue(feedback.due_on)
    assert feedback.is_overdue(feedback.due_on + timedelta(days=1))
    services.feedback_release(
        place=bid.place, actor=funder, bid=bid, now=decided + timedelta(days=40)
    )
    feedback.refresh_from_db()
    assert not feedback.is_overdue(feedback.due_on + timedelta(days=100))
    assert feedback.days_to_release(bid.place.tz) == 40
    with pytest.raises(RuleViolation, match="released already"):
        services.feedback_release(place=bid.place, actor=funder, bid=bid)


def test_the_applicant_says_whether_feedback_helped(make_bid, decline, leader, funder):
    bid = make_bid(submit=True)
    decline(bid, release=False)
    with pytest.raises(RuleViolation, match="no feedback to rate"):
        services.feedback_rate(place=bid.place, actor=leader, bid=bid, helped=True)
    services.feedback_release(place=bid.place, actor=funder, bid=bid)
    with pytest.raises(RuleViolation, match="leader of the applicant"):
        services.feedback_rate(place=bid.place, actor=funder, bid=bid, helped=True)
    feedback = services.feedback_rate(
        place=bid.place, actor=leader, bid=bid, helped=True, comment="Clear and kind."
    )
    assert feedback.helped is True and feedback.helped_at is not None
    assert audits(bid)[-1] == "funding.feedback.rate"


def test_amounts_outside_the_range_are_refused(make_bid, award, bucks):
    with pytest.raises(RuleViolation) as refused:
        make_bid(amount_requested=Decimal("60000"))
    assert "between £5,000 and £50,000" in refused.value.message_dict["amount_requested"][0]
    assert not Bid.objects.for_place(bucks).exists()
    bid = make_bid(submit=True)
    with pytest.raises(RuleViolation) as refused:
        award(bid, amount=Decimal("50000.01"))
    assert "amount" in refused.value.message_dict
    assert reread(bid).state == BidState.SUBMITTED


def test_no_bid_after_the_deadline(make_bid, make_programme, funder, funder_org, bucks):
    today = today_in(bucks)
    closed = make_programme(
        actor=funder,
        funder=funder_org,
        title="Closed fund",
        opens_on=today - timedelta(days=60),
        deadline=today - timedelta(days=1),
    )
    with pytest.raises(RuleViolation) as refused:
        make_bid(programme_=closed)
    assert "takes no more bids" in refused.value.message_dict["programme"][0]


def test_a_draft_cannot_be_submitted_once_the_deadline_passed(make_bid, programme, funder, bucks):
    bid = make_bid()
    services.programme_update(
        place=bucks,
        actor=funder,
        programme=programme,
        opens_on=today_in(bucks) - timedelta(days=60),
        deadline=today_in(bucks) - timedelta(days=1),
    )
    with pytest.raises(RuleViolation, match="takes no more bids"):
        services.bid_submit(place=bucks, actor=bid.created_by, bid=bid)
    assert reread(bid).state == BidState.DRAFT


def test_a_funder_cannot_act_on_another_funders_programme(make_bid, make_member, bucks, award):
    other_funder_org = OrganisationFactory(
        name="Other Trust", kind=OrganisationKind.FUNDER, places=[bucks]
    )
    other = make_member(bucks, Role.FUNDER, organisation=other_funder_org)
    bid = make_bid(submit=True)
    with pytest.raises(RuleViolation, match="it is their programme"):
        services.bid_start_review(place=bucks, actor=other, bid=bid)
    with pytest.raises(RuleViolation, match="it is their programme"):
        services.bid_award(
            place=bucks, actor=other, bid=bid, amount=Decimal("9000"), start=date(2026, 5, 1)
        )
    with pytest.raises(RuleViolation, match="own funder"):
        services.programme_update(place=bucks, actor=other, programme=bid.programme, title="Mine")
    assert reread(bid).state == BidState.SUBMITTED
    assert bid.programme.title == "Core Strength Fund"


def test_a_funder_runs_programmes_only_for_its_own_organisation(
    make_programme, make_member, bucks, funder_org
):
    other = make_member(bucks, Role.FUNDER)
    with pytest.raises(RuleViolation, match="a funder you act for"):
        make_programme(actor=other, funder=funder_org)


def test_only_a_funder_organisation_can_run_a_programme(make_programme, make_member, bucks):
    charity = OrganisationFactory(places=[bucks])
    person = make_member(bucks, Role.FUNDER, organisation=charity)
    with pytest.raises(RuleViolation) as refused:
        make_programme(actor=person, funder=charity)
    assert "Only a funder" in refused.value.message_dict["funder"][0]


def test_a_charity_leader_bids_only_for_their_own_organisation(
    make_bid, make_member, bucks, leader
):
    elsewhere = OrganisationFactory(places=[bucks])
    with pytest.raises(RuleViolation, match="organisation you lead"):
        make_bid(applicant=elsewhere)
    bid = make_bid()
    stranger = make_member(bucks, Role.CHARITY_LEADER)
    with pytest.raises(RuleViolation, match="leader of the applicant"):
        services.bid_submit(place=bucks, actor=stranger, bid=bid)
    with pytest.raises(RuleViolation, match="leader of the applicant"):
        services.bid_update(place=bucks, actor=stranger, bid=bid, title="Taken over")


def test_only_a_draft_can_be_edited(make_bid, leader, bucks):
    bid = make_bid(submit=True)
    with pytest.raises(RuleViolation, match="Only a draft"):
        services.bid_update(place=bucks, actor=leader, bid=bid, title="Changed")
    assert reread(bid).title == "Hot meals for Castlefield"


def test_a_programme_runs_only_where_its_funder_works(
    make_programme, funder, funder_org, bucks, coventry
):
    with pytest.raises(RuleViolation) as refused:
        make_programme(actor=funder, funder=funder_org, places=[coventry])
    assert "does not work in Coventry" in refused.value.message_dict["places"][0]
    funder_org.places.add(coventry)
    programme = make_programme(actor=funder, funder=funder_org, places=[coventry])
    assert set(programme.places.all()) == {bucks, coventry}


def test_a_programme_of_another_place_is_not_found_here(
    make_programme, make_member, coventry, funder_org, bucks
):
    funder_org.places.add(coventry)
    coventry_funder = make_member(coventry, Role.FUNDER, organisation=funder_org)
    programme = make_programme(place=coventry, actor=coventry_funder, funder=funder_org)
    assert get_programme(bucks, programme.pk) is None
    assert get_programme(coventry, programme.pk) == programme
