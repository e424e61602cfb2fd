"""Funding reminders (deadline, feedback, decision) and the funding digest section, end to end."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coordination.accounts.models import Role
from coordination.notifications import dispatch
from coordination.notifications.models import REMINDER_KIND_PREFIX, OutboxEmail
from coordination.vocabularies.models import Theme
from funding import services
from funding.digest import DEADLINE_KIND, DECISION_KIND, FEEDBACK_KIND
from mapping import services as mapping_services
from tests.support.factories import OrganisationFactory
from tests.support.funding import make_area

pytestmark = pytest.mark.django_db


def sent(place, kind, user=None):
    rows = OutboxEmail.objects.for_place(place).filter(kind=REMINDER_KIND_PREFIX + kind)
    if user is not None:
        rows = rows.filter(recipient=user)
    return list(rows.order_by("pk"))


def test_feedback_reminders_before_and_after_it_falls_due(bucks, make_bid, decline, funder):
    bid = make_bid(submit=True)
    now = timezone.now()
    decline(bid, release=False, now=now - timedelta(days=25))  # due in 5 days
    dispatch.dispatch_due_reminders(now=now, place_ids=[bucks.pk])
    dispatch.dispatch_due_reminders(now=now + timedelta(hours=1), place_ids=[bucks.pk])
    first = sent(bucks, FEEDBACK_KIND, funder)
    assert [r.subject for r in first] == [f"Feedback on {bid.title} is due by " + _due(bid)]
    dispatch.dispatch_due_reminders(now=now + timedelta(days=7), place_ids=[bucks.pk])
    later = sent(bucks, FEEDBACK_KIND, funder)
    assert len(later) == 2
    assert later[1].subject == f"Feedback on {bid.title} is overdue"
    assert "has not been released yet" in later[1].text_body


def _due(bid):
    bid.feedback.refresh_from_db()
    return bid.feedback.due_on.strftime("%-d %B %Y")


def test_released_feedback_is_not_reminded(bucks, make_bid, decline, funder):
    bid = make_bid(submit=True)
    decline(bid, release=True, now=timezone.now() - timedelta(days=40))
    dispatch.dispatch_due_reminders(now=timezone.now(), place_ids=[bucks.pk])
    assert sent(bucks, FEEDBACK_KIND) == []


def test_decision_due_reminds_the_funder(bucks, make_bid, funder, make_programme, funder_org):
    programme = make_programme(
        actor=funder, funder=funder_org, title="Rolling fund", deadline=None, decision_within_days=5
    )
    make_bid(programme_=programme, submit=True)
    dispatch.dispatch_due_reminders(now=timezone.now(), place_ids=[bucks.pk])
    reminders = sent(bucks, DECISION_KIND, funder)
    assert len(reminders) == 1 and "is due by" in reminders[0].subject


def test_deadline_reminder_goes_to_organisations_whose_themes_and_areas_match(
    bucks, make_member, make_programme, funder, funder_org
):
    ward = make_area(bucks, "Castlefield")
    food = Theme.objects.get(slug="food", place__isnull=True)
    housing = Theme.objects.get(slug="housing", place__isnull=True)
    matching = OrganisationFactory(name="Pantry", places=[bucks])
    matching.areas.add(ward)
    other = OrganisationFactory(name="Housing Help", places=[bucks])
    other.areas.add(ward)
    for organisation, theme in ((matching, food), (other, housing)):
        mapping_services.service_create(
            place=bucks,
            actor=None,
            organisation=organisation,
            name=f"{organisation.name} service",
            themes=[theme],
            areas=[ward],
            whole_place=False,
        )
    yes = make_member(bucks, Role.CHARITY_LEADER, organisation=matching)
    no = make_member(bucks, Role.CHARITY_LEADER, organisation=other)
    today = timezone.localdate(timezone=bucks.tz)
    make_programme(
        actor=funder,
        funder=funder_org,
        title="Food fund",
        deadline=today + timedelta(days=6),
        themes=[food],
    )
    dispatch.dispatch_due_reminders(now=timezone.now(), place_ids=[bucks.pk])
    assert [
        r.subject.startswith("Food fund closes on") for r in sent(bucks, DEADLINE_KIND, yes)
    ] == [True]
    assert sent(bucks, DEADLINE_KIND, no) == []


def test_the_digest_tells_the_applicant_of_decisions_and_feedback(
    bucks, make_bid, decline, funder, leader
):
    bid = make_bid(submit=True)
    decline(bid, release=False)
    services.feedback_release(place=bucks, actor=funder, bid=bid)
    email, _since, _until = dispatch.preview_digest(
        bucks, leader, now=timezone.now() + timedelta(minutes=1)
    )
    funding = next(s for s in email.sections if s["key"] == "funding")
    titles = [item.title for item in funding["items"]]
    assert f"{bid.title} was not funded by Chiltern Community Foundation" in titles
    assert f"Feedback on {bid.title} from Chiltern Community Foundation" in titles


def test_feedback_found_overdue_is_reminded_once_not_twice(bucks, make_bid, decline, funder):
    bid = make_bid(submit=True)
    decline(bid, release=False, now=timezone.now() - timedelta(days=40))  # 10 days overdue
    dispatch.dispatch_due_reminders(now=timezone.now(), place_ids=[bucks.pk])
    dispatch.dispatch_due_reminders(now=timezone.now() + timedelta(hours=2), place_ids=[bucks.pk])
    assert [r.subject for r in sent(bucks, FEEDBACK_KIND, funder)] == [
        f"Feedback on {bid.title} is overdue"
    ]
