"""Reminders: due once per person, object and occasion; preferences turn them off."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coordination.accounts.digest import INVITATION_KIND
from coordination.accounts.models import Invitation, Membership, Role
from coordination.accounts.services import invitation_accept, invitation_create, membership_end
from coordination.notifications import dispatch
from coordination.notifications.models import (
    REMINDER_KIND_PREFIX,
    Notification,
    NotificationPreference,
    OutboxEmail,
)
from coordination.notifications.registry import (
    Due,
    ReminderRule,
    occasion_for,
    register_reminder,
    reminder_rules,
    unregister,
)
from coordination.places.tenancy import place_scope
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db

KIND = REMINDER_KIND_PREFIX + INVITATION_KIND


def reminders(place, kind=KIND):
    return list(OutboxEmail.objects.for_place(place).filter(kind=kind).order_by("pk"))


@pytest.fixture
def invitation(bucks, admin_of):
    admin = admin_of(bucks, email="inviter@example.org", name="Ivy Inviter")
    with place_scope(bucks):
        return invitation_create(
            place=bucks, actor=admin, email="slow@example.org", role=Role.RESIDENT
        )


def test_the_inviter_hears_once_when_an_invitation_is_not_accepted_after_seven_days(
    bucks, invitation
):
    created = invitation.created_at

    assert dispatch.dispatch_due_reminders(now=created + timedelta(days=6, hours=23)).queued == 0
    first = dispatch.dispatch_due_reminders(now=created + timedelta(days=7, minutes=1))
    again = dispatch.dispatch_due_reminders(now=created + timedelta(days=7, minutes=6))
    later = dispatch.dispatch_due_reminders(now=created + timedelta(days=9))

    assert (first.queued, again.queued, later.queued) == (1, 0, 0)
    (row,) = reminders(bucks)
    assert row.recipient == invitation.invited_by
    assert row.dedupe_key == (
        f"reminder:{bucks.pk}:{INVITATION_KIND}:invitation:{invitation.pk}:7d:{invitation.invited_by.pk}"
    )
    assert row.subject == "slow@example.org has not accepted the invitation to Buckinghamshire yet"
    assert "https://inplace.example/buckinghamshire/members/#pending-invitations" in row.text_body
    assert row.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Stop reminders like this" in row.html_body
    (in_app,) = Notification.objects.for_place(bucks).filter(user=invitation.invited_by)
    assert in_app.kind == KIND and in_app.emailed and in_app.read_at is None


def test_the_place_admins_hear_when_the_inviter_has_left(bucks, invitation, admin_of):
    other_admin = admin_of(bucks, email="other.admin@example.org")
    with place_scope(bucks):
        membership_end(
            place=bucks,
            actor=other_admin,
            membership=Membership.objects.get(user=invitation.invited_by),
        )

    dispatch.dispatch_due_reminders(now=invitation.created_at + timedelta(days=7, minutes=1))

    assert [row.recipient for row in reminders(bucks)] == [other_admin]


def test_no_reminder_for_an_accepted_or_expired_invitation(bucks, invitation, admin_of, settings):
    newcomer = UserFactory(email="slow@example.org")
    invitation_accept(invitation=invitation, user=newcomer)
    admin = Membership.objects.for_place(bucks).get(role=Role.PLACE_ADMIN).user
    with place_scope(bucks):
        expired = invitation_create(
            place=bucks, actor=admin, email="late@example.org", role=Role.RESIDENT
        )
    Invitation.objects.for_place(bucks).filter(pk=expired.pk).update(
        expires_at=expired.created_at + timedelta(days=6)
    )

    result = dispatch.dispatch_due_reminders(now=invitation.created_at + timedelta(days=8))

    assert result.queued == 0 and reminders(bucks) == []


def test_turning_a_reminder_kind_off_stops_it(bucks, invitation):
    NotificationPreference.objects.for_place(bucks).create(
        place=bucks, user=invitation.invited_by, reminders_off=[INVITATION_KIND]
    )

    result = dispatch.dispatch_due_reminders(now=invitation.created_at + timedelta(days=8))

    assert (result.queued, result.skipped) == (0, 1)
    assert reminders(bucks) == [] and not Notification.objects.for_place(bucks).exists()


def test_a_reminder_kept_for_the_digest_is_told_once_and_never_emailed_after(bucks, invitation):
    from coordination.notifications.digest import prefetch_unread, unread_items
    from coordination.notifications.services import preference_update

    inviter = invitation.invited_by
    preference_update(
        place=bucks, actor=inviter, digest="weekly", reminders={INVITATION_KIND: "digest"}
    )
    now = invitation.created_at + timedelta(days=7, minutes=1)

    first = dispatch.dispatch_due_reminders(now=now)
    again = dispatch.dispatch_due_reminders(now=now + timedelta(minutes=5))
    assert (first.queued, again.queued) == (1, 0)
    assert reminders(bucks) == []
    (kept,) = Notification.objects.for_place(bucks).filter(user=inviter)
    assert not kept.emailed and kept.in_digest
    items = unread_items(
        bucks,
        inviter,
        now - timedelta(days=7),
        now,
        prefetch_unread(bucks, now - timedelta(days=7), now),
    )
    assert [i.title for i in items] == [kept.title]

    # Choosing email at once later does not tell the same reminder again.
    preference_update(
        place=bucks, actor=inviter, digest="weekly", reminders={INVITATION_KIND: "now"}
    )
    assert dispatch.dispatch_due_reminders(now=now + timedelta(minutes=10)).queued == 0
    assert reminders(bucks) == []


def test_a_rule_with_several_lead_times_reminds_once_per_occasion(bucks, make_member):
    person = make_member(bucks, Role.RESIDENT)
    meeting_at = timezone.now() + timedelta(days=10)
    calls = []

    def find_due(place, now, lead_time):
        calls.append(lead_time)
        if now >= meeting_at - lead_time:
            return [
                Due(
                    recipient=person,
                    object_key="meeting:1",
                    subject="Board meeting soon",
                    text="The board meets soon.",
                    url=f"/{place.slug}/",
                )
            ]
        return []

    register_reminder(
        ReminderRule(
            kind="test_meeting",
            label="A meeting is coming up",
            find_due=find_due,
            lead_times=(timedelta(days=7), timedelta(days=1)),
        )
    )
    try:
        assert "test_meeting" in [rule.kind for rule in reminder_rules()]
        for days_before in (8, 7, 6, 1, 0):
            dispatch.dispatch_due_reminders(
                now=meeting_at - timedelta(days=days_before), place_ids=[bucks.pk]
            )
    finally:
        unregister(reminder="test_meeting")

    rows = reminders(bucks, kind=REMINDER_KIND_PREFIX + "test_meeting")
    assert [row.dedupe_key.split(":")[-2] for row in rows] == ["7d", "1d"]
    assert set(calls) == {timedelta(days=7), timedelta(days=1)}


def test_a_reminder_for_someone_outside_the_place_is_dropped(bucks, coventry, make_member):
    outsider = make_member(coventry, Role.RESIDENT)

    def find_due(place, now):
        return [Due(recipient=outsider, object_key="x:1", subject="Not yours", text="")]

    register_reminder(ReminderRule(kind="test_outsider", label="Outsider", find_due=find_due))
    try:
        result = dispatch.dispatch_due_reminders(place_ids=[bucks.pk])
    finally:
        unregister(reminder="test_outsider")
    assert (result.queued, result.skipped) == (0, 1)


def test_occasion_names():
    assert occasion_for(timedelta(days=7)) == "7d"
    assert occasion_for(timedelta(hours=2)) == "2h"
    assert occasion_for(timedelta(minutes=90)) == "90m"
    assert occasion_for(timedelta(seconds=5)) == "5s"
    assert occasion_for(-timedelta(days=1)) == "-1d"


def test_an_app_cannot_take_another_apps_reminder_kind():
    def elsewhere(place, now):
        return []

    elsewhere.__module__ = "some.other.app"
    with pytest.raises(ValueError, match="already registered"):
        register_reminder(ReminderRule(kind=INVITATION_KIND, label="Clash", find_due=elsewhere))
