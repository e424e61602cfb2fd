"""Reminders (deadlines to interested and invited organisations, evaluation overdue) and the tenders
digest section, through the notifications registry and its real dispatcher."""

from datetime import timedelta

import pytest
from django.utils import timezone

from commissioning import digest, services
from commissioning.models import Tender
from coordination.notifications.dispatch import dispatch_due_reminders, preview_digest
from coordination.notifications.models import OutboxEmail
from coordination.notifications.registry import get_reminder_rule
from coordination.places.tenancy import place_scope
from coordination.vocabularies.models import Theme
from mapping import services as mapping_services
from tests.support.commissioning import food_theme, leader_of, opened, tender

pytestmark = pytest.mark.django_db


def reminder_emails(place, kind):
    return OutboxEmail.objects.for_place(place).filter(kind=f"reminder:{kind}")


def test_the_rules_are_registered():
    for kind in (
        digest.CO_DESIGN_CLOSING,
        digest.CLARIFICATION_DEADLINE,
        digest.SUBMISSION_DEADLINE,
        digest.EVALUATION_OVERDUE,
    ):
        assert get_reminder_rule(kind) is not None


def test_interested_organisations_hear_bids_are_closing_once(bucks, council, officer, charity):
    leader, organisation = charity
    stranger, _org = leader_of(bucks)
    t = opened(bucks, officer, tender(bucks, officer, council, clarification_deadline=None))
    services.interest_register(place=bucks, actor=leader, tender=t, organisation=organisation)
    now = t.submission_deadline - timedelta(days=6)
    with place_scope(bucks):
        dispatch_due_reminders(now=now, place_ids=[bucks.pk])
        dispatch_due_reminders(now=now + timedelta(hours=1), place_ids=[bucks.pk])
    [email] = reminder_emails(bucks, digest.SUBMISSION_DEADLINE)
    assert email.to_email == leader.email
    assert email.subject.startswith(f"Bids for {t.reference} close on")
    assert "A late bid cannot be accepted." in email.text_body
    # The one-day reminder is another occasion, sent once more.
    with place_scope(bucks):
        dispatch_due_reminders(
            now=t.submission_deadline - timedelta(hours=20), place_ids=[bucks.pk]
        )
    assert reminder_emails(bucks, digest.SUBMISSION_DEADLINE).count() == 2


def test_co_design_members_hear_the_window_is_closing(bucks, council, officer, charity):
    leader, organisation = charity
    t = tender(bucks, officer, council)
    services.tender_change_stage(
        place=bucks, actor=officer, tender=t, to_stage="co_design", rationale="Go"
    )
    services.co_design_join(place=bucks, actor=leader, tender=t, organisation=organisation)
    dispatch_due_reminders(now=t.co_design_closes_at - timedelta(days=1), place_ids=[bucks.pk])
    [email] = reminder_emails(bucks, digest.CO_DESIGN_CLOSING)
    assert email.to_email == leader.email


def test_officers_hear_when_evaluation_is_overdue(bucks, council, officer):
    t = opened(bucks, officer, tender(bucks, officer, council))
    after = t.submission_deadline + timedelta(minutes=1)
    services.tender_change_stage(
        place=bucks, actor=officer, tender=t, to_stage="evaluation", rationale="Closed", now=after
    )
    Tender.objects.for_place(bucks).filter(pk=t.pk).update(
        decision_date=timezone.localdate() - timedelta(days=1)
    )
    dispatch_due_reminders(place_ids=[bucks.pk])
    [email] = reminder_emails(bucks, digest.EVALUATION_OVERDUE)
    assert email.to_email == officer.email and "is overdue" in email.subject


def test_the_digest_tells_a_charity_of_new_tenders_in_its_themes(bucks, council, officer, charity):
    leader, organisation = charity
    mapping_services.service_create(
        place=bucks,
        actor=None,
        organisation=organisation,
        name="Pantry",
        themes=[food_theme()],
        whole_place=True,
    )
    housing = Theme.objects.get(slug="housing", place__isnull=True)
    tender(bucks, officer, council, title="Food for all")
    tender(bucks, officer, council, title="Homes for all", themes=[housing])
    with place_scope(bucks):
        composed, _since, _until = preview_digest(bucks, leader, now=timezone.now())
        section = next(s for s in composed.sections if s["key"] == "commissioning")
        titles = [item.title for item in section["items"]]
        assert titles == [f"New tender: Food for all ({council.name})"]
        officer_digest, _s, _u = preview_digest(bucks, officer, now=timezone.now())
    officer_titles = [
        i.title for s in officer_digest.sections if s["key"] == "commissioning" for i in s["items"]
    ]
    assert len(officer_titles) == 2
