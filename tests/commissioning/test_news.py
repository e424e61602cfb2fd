"""Commissioning news: an invitation, an answered question, a stage change, an answered co-design
comment and an amendment are each told once to the people concerned (never to the one who made the
change, nor to anyone outside the organisations concerned), by email at once, in the digest or only
in the app as each person prefers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from commissioning import news, services
from commissioning.models import ResponseKind, Stage
from commissioning.services.stages import tell_stage
from coordination.notifications.models import Notification, OutboxEmail
from coordination.notifications.services import preference_update
from tests.support.commissioning import leader_of, opened, tender

pytestmark = pytest.mark.django_db


def trio(place, kind, organisation=None, prefix=""):
    """Three people acting for one organisation, hearing of ``kind`` at once, in their digest and
    not by email: (now, digest, off, organisation)."""
    now_person, organisation = leader_of(place, organisation, name=f"{prefix}Nia Now")
    digest_person, _org = leader_of(place, organisation, name=f"{prefix}Dev Digest")
    off_person, _org = leader_of(place, organisation, name=f"{prefix}Olly Off")
    for person, delivery in ((digest_person, "digest"), (off_person, "off")):
        preference_update(place=place, actor=person, digest="weekly", news={kind: delivery})
    return now_person, digest_person, off_person, organisation


def told(place, kind, user):
    return list(Notification.objects.for_place(place).filter(kind=kind, user=user))


def emails(place, kind, user):
    return list(OutboxEmail.objects.for_place(place).filter(kind=f"news:{kind}", recipient=user))


def assert_told_as_they_prefer(place, kind, now_person, digest_person, off_person, times=1):
    for person in (now_person, digest_person, off_person):
        assert len(told(place, kind, person)) == times, person.name
    assert len(emails(place, kind, now_person)) == times
    assert all(n.emailed and not n.in_digest for n in told(place, kind, now_person))
    assert emails(place, kind, digest_person) == []
    assert all(n.in_digest and not n.emailed for n in told(place, kind, digest_person))
    assert emails(place, kind, off_person) == []
    assert not any(n.in_digest or n.emailed for n in told(place, kind, off_person))


def assert_not_told(place, kind, *people):
    for person in people:
        assert told(place, kind, person) == [], person.name
        assert emails(place, kind, person) == [], person.name


def test_an_invitation_is_told_to_the_invited_organisations_people_once(
    bucks, council, officer, charity
):
    kind = news.INVITED
    now_person, digest_person, off_person, organisation = trio(bucks, kind)
    bystander, _charity = charity
    t = opened(bucks, officer, tender(bucks, officer, council, title="Warm spaces"))
    for _again in range(2):  # the second time the organisation is invited already
        services.invitations_send(
            place=bucks, actor=officer, tender=t, organisations=[organisation]
        )
    assert_told_as_they_prefer(bucks, kind, now_person, digest_person, off_person)
    assert_not_told(bucks, kind, officer, bystander)
    [notification] = told(bucks, kind, now_person)
    assert notification.title == f"{organisation.name} is invited to bid for Warm spaces"
    assert notification.url == t.get_absolute_url()
    [email] = emails(bucks, kind, now_person)
    assert email.subject == notification.title and "Bids close at" in email.text_body
    assert "Buckinghamshire Council invites" in email.text_body
    assert "List-Unsubscribe" in email.headers


def test_an_answer_is_told_to_every_following_organisation_asker_included(
    bucks, council, officer, charity
):
    kind = news.CLARIFICATION_ANSWERED
    now_person, digest_person, off_person, follower = trio(bucks, kind)
    asker, asking_org = charity
    bystander, _org = leader_of(bucks, name="Ben Bystander")
    t = opened(bucks, officer, tender(bucks, officer, council))
    services.interest_register(place=bucks, actor=now_person, tender=t, organisation=follower)
    question = services.clarification_ask(
        place=bucks, actor=asker, tender=t, organisation=asking_org, question="Can we sublet?"
    )
    for answer in ("Yes, with consent.", "Yes, with the council's consent."):
        services.clarification_answer(
            place=bucks, actor=officer, clarification=question, answer=answer
        )
    assert_told_as_they_prefer(bucks, kind, now_person, digest_person, off_person)
    [to_asker] = told(bucks, kind, asker)
    assert "Can we sublet?" in to_asker.body and "Yes, with consent." in to_asker.body
    assert to_asker.url.endswith("#questions")
    assert_not_told(bucks, kind, officer, bystander)


def test_each_stage_a_tender_reaches_is_told_once_to_those_following_it(
    bucks, council, officer, charity
):
    kind = news.STAGE_CHANGED
    now_person, digest_person, off_person, interested = trio(bucks, kind)
    bystander, _org = charity
    t = tender(bucks, officer, council, title="Warm spaces")
    services.interest_register(place=bucks, actor=now_person, tender=t, organisation=interested)
    services.tender_change_stage(
        place=bucks, actor=officer, tender=t, to_stage=Stage.CO_DESIGN, rationale="Co-design now"
    )
    assert_told_as_they_prefer(bucks, kind, now_person, digest_person, off_person)
    [first] = told(bucks, kind, now_person)
    assert first.title.endswith("is now co-design") and first.body == "Co-design now"
    # Told again of the same stage (a retry), nobody hears twice.
    t.refresh_from_db()
    tell_stage(t, actor=officer, rationale="Co-design now")
    assert_told_as_they_prefer(bucks, kind, now_person, digest_person, off_person)
    # The next stage is news again.
    services.tender_update(place=bucks, actor=officer, tender=t, you_said_we_did="Did it.")
    services.tender_change_stage(
        place=bucks, actor=officer, tender=t, to_stage=Stage.OPEN, rationale="Open for bids"
    )
    assert_told_as_they_prefer(bucks, kind, now_person, digest_person, off_person, times=2)
    assert any(n.title.endswith("is now open for bids") for n in told(bucks, kind, now_person))
    assert_not_told(bucks, kind, officer, bystander)


def test_the_invited_hear_of_a_cancellation(bucks, council, officer, charity):
    kind = news.STAGE_CHANGED
    invited_person, organisation = charity
    t = opened(bucks, officer, tender(bucks, officer, council))
    services.invitations_send(place=bucks, actor=officer, tender=t, organisations=[organisation])
    services.tender_change_stage(
        place=bucks, actor=officer, tender=t, to_stage=Stage.CANCELLED, rationale="No budget"
    )
    [cancelled] = told(bucks, kind, invited_person)
    assert cancelled.title.endswith("is now cancelled") and cancelled.body == "No budget"


def test_a_co_design_comment_answered_is_told_to_its_author_and_a_changed_answer_again(
    bucks, council, officer
):
    kind = news.COMMENT_ANSWERED
    now_person, digest_person, off_person, organisation = trio(bucks, kind)
    t = tender(bucks, officer, council, title="Warm spaces")
    services.tender_change_stage(
        place=bucks, actor=officer, tender=t, to_stage=Stage.CO_DESIGN, rationale="Co-design"
    )
    section = services.section_add(
        place=bucks, actor=officer, tender=t, heading="Outcomes", body="Warm rooms."
    )
    services.co_design_join(place=bucks, actor=now_person, tender=t, organisation=organisation)
    comments = {
        person: services.comment_add(
            place=bucks,
            actor=person,
            version=services.latest_version(section),
            organisation=organisation,
            body=f"A thought from {person.name}",
        )
        for person in (now_person, digest_person, off_person)
    }
    for _again in range(2):
        for comment in comments.values():
            services.comment_respond(
                place=bucks,
                actor=officer,
                comment=comment,
                response=ResponseKind.PARTLY,
                response_text="Weekdays only.",
            )
    assert_told_as_they_prefer(bucks, kind, now_person, digest_person, off_person)
    [answered] = told(bucks, kind, now_person)
    assert answered.title == f"Your comment on “Outcomes” in {t.reference} was answered"
    assert "Partly accepted" in answered.body and "Weekdays only." in answered.body
    assert answered.url == f"/{bucks.slug}/commissioning/{t.pk}/co-design/"
    # Only the author hears of the answer to their own comment.
    services.comment_respond(
        place=bucks,
        actor=officer,
        comment=comments[now_person],
        response=ResponseKind.ACCEPTED,
    )
    assert len(told(bucks, kind, now_person)) == 2
    assert len(told(bucks, kind, digest_person)) == 1
    assert_not_told(bucks, kind, officer)


def test_an_amendment_is_told_once_as_each_person_prefers(bucks, council, officer, charity):
    kind = news.TENDER_AMENDED
    now_person, digest_person, off_person, interested = trio(bucks, kind)
    bystander, _org = charity
    t = opened(bucks, officer, tender(bucks, officer, council))
    services.interest_register(place=bucks, actor=now_person, tender=t, organisation=interested)
    services.amendment_publish(
        place=bucks,
        actor=officer,
        tender=t,
        rationale="More time.",
        changes={"submission_deadline": t.submission_deadline + timedelta(days=7)},
        now=timezone.now(),
    )
    assert_told_as_they_prefer(bucks, kind, now_person, digest_person, off_person)
    [email] = emails(bucks, kind, now_person)
    assert "More time." in email.text_body
    assert_not_told(bucks, kind, officer, bystander)


def test_nobody_outside_the_place_or_with_a_closed_account_is_told(
    bucks, coventry, council, officer
):
    kind = news.INVITED
    member, organisation = leader_of(bucks, name="Mo Member")
    closed, _org = leader_of(bucks, organisation, name="Cleo Closed")
    closed.is_active = False
    closed.save()
    elsewhere, _org = leader_of(coventry, organisation, name="Els Elsewhere")
    t = opened(bucks, officer, tender(bucks, officer, council))
    services.invitations_send(place=bucks, actor=officer, tender=t, organisations=[organisation])
    assert len(told(bucks, kind, member)) == 1
    assert_not_told(bucks, kind, closed, elsewhere)
    assert not Notification.objects.for_place(coventry).filter(user=elsewhere).exists()
