"""Invitations and memberships: the rules place admins and invitees meet."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coordination.accounts import services
from coordination.accounts.models import Invitation, Membership, Role
from coordination.accounts.permissions import can, roles_in
from coordination.audit.models import AuditEntry
from coordination.errors import RuleViolation
from coordination.notifications.models import OutboxEmail, OutboxStatus
from tests.support.factories import OrganisationFactory, UserFactory


@pytest.fixture
def charity(bucks):
    return OrganisationFactory(name="Chiltern Foodbank", places=[bucks])


def test_invitation_is_audited_and_queued_on_commit(
    bucks, admin_of, charity, django_capture_on_commit_callbacks
):
    admin = admin_of(bucks)
    with django_capture_on_commit_callbacks() as callbacks:
        invitation = services.invitation_create(
            place=bucks,
            actor=admin,
            email="New.Person@Example.org",
            role=Role.CHARITY_LEADER,
            organisation=charity,
        )
    assert invitation.email == "new.person@example.org"
    assert invitation.status == "pending"
    assert len(callbacks) == 1  # delivery is asked for once the invitation is committed
    entry = AuditEntry.objects.for_place(bucks).get(action="accounts.invitation.create")
    assert entry.actor == admin and entry.changes["email"] == "new.person@example.org"
    email = OutboxEmail.objects.for_place(bucks).get(dedupe_key=f"invitation:{invitation.pk}")
    assert email.status == OutboxStatus.PENDING and email.to_email == "new.person@example.org"
    assert email.subject == "You're invited to join Buckinghamshire on InPlace"
    assert f"/buckinghamshire/invitations/accept/{invitation.token}/" in email.text_body
    assert "Chiltern Foodbank" in email.text_body


def test_duplicate_invitation_gets_a_clear_message(bucks, admin_of, charity):
    admin = admin_of(bucks)
    services.invitation_create(
        place=bucks,
        actor=admin,
        email="a@example.org",
        role=Role.CHARITY_LEADER,
        organisation=charity,
    )
    with pytest.raises(RuleViolation) as excinfo:
        services.invitation_create(
            place=bucks,
            actor=admin,
            email="A@example.org",
            role=Role.CHARITY_LEADER,
            organisation=charity,
        )
    assert "already has an invitation" in excinfo.value.message_dict["email"][0]


def test_an_expired_invitation_makes_way_for_a_new_one(bucks, admin_of, charity):
    admin = admin_of(bucks)
    old = services.invitation_create(
        place=bucks, actor=admin, email="a@example.org", role=Role.RESIDENT
    )
    Invitation.objects.for_place(bucks).filter(pk=old.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    new = services.invitation_create(
        place=bucks, actor=admin, email="a@example.org", role=Role.RESIDENT
    )
    old.refresh_from_db()
    assert old.status == "revoked" and new.status == "pending"


def test_organisation_roles_need_an_organisation_of_this_place(bucks, coventry, admin_of):
    admin = admin_of(bucks)
    with pytest.raises(RuleViolation) as excinfo:
        services.invitation_create(
            place=bucks, actor=admin, email="a@example.org", role=Role.FUNDER
        )
    assert "organisation" in excinfo.value.message_dict
    elsewhere = OrganisationFactory(places=[coventry])
    with pytest.raises(RuleViolation) as excinfo:
        services.invitation_create(
            place=bucks,
            actor=admin,
            email="a@example.org",
            role=Role.FUNDER,
            organisation=elsewhere,
        )
    assert "does not work in Buckinghamshire" in excinfo.value.message_dict["organisation"][0]


def test_inviting_an_existing_member_to_the_same_role_is_refused(bucks, admin_of, make_member):
    admin = admin_of(bucks)
    resident = make_member(bucks, Role.RESIDENT, email="res@example.org")
    with pytest.raises(RuleViolation, match="already a resident"):
        services.invitation_create(
            place=bucks, actor=admin, email=resident.email, role=Role.RESIDENT
        )


def test_accepting_creates_the_membership(bucks, admin_of, charity):
    admin = admin_of(bucks)
    invitation = services.invitation_create(
        place=bucks,
        actor=admin,
        email="lead@example.org",
        role=Role.CHARITY_LEADER,
        organisation=charity,
    )
    person = UserFactory(email="lead@example.org")
    assert not can(person, bucks, "view_place_home")
    membership = services.invitation_accept(invitation=invitation, user=person)
    assert membership.organisation == charity
    assert roles_in(person, bucks) == {Role.CHARITY_LEADER}
    with pytest.raises(RuleViolation, match="already been accepted"):
        services.invitation_accept(invitation=invitation, user=person)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"expires_at": timezone.now() - timedelta(minutes=1)}, "expired on"),
        ({"revoked_at": timezone.now()}, "withdrawn"),
    ],
)
def test_expired_or_withdrawn_invitations_cannot_be_accepted(bucks, admin_of, change, message):
    invitation = services.invitation_create(
        place=bucks, actor=admin_of(bucks), email="r@example.org", role=Role.RESIDENT
    )
    Invitation.objects.for_place(bucks).filter(pk=invitation.pk).update(**change)
    invitation.refresh_from_db()
    with pytest.raises(RuleViolation, match=message):
        services.invitation_accept(invitation=invitation, user=UserFactory(email="r@example.org"))
    assert not Membership.objects.for_place(bucks).filter(user__email="r@example.org").exists()


def test_only_the_invited_person_can_accept(bucks, admin_of):
    invitation = services.invitation_create(
        place=bucks, actor=admin_of(bucks), email="r@example.org", role=Role.RESIDENT
    )
    with pytest.raises(RuleViolation, match="sent to r@example.org"):
        services.invitation_accept(
            invitation=invitation, user=UserFactory(email="someone.else@example.org")
        )


def test_residents_can_join_a_place_themselves_once(bucks):
    person = UserFactory()
    first = services.resident_join(place=bucks, user=person)
    second = services.resident_join(place=bucks, user=person)
    assert first.pk == second.pk
    assert (
        AuditEntry.objects.for_place(bucks).filter(action="accounts.membership.join").count() == 1
    )


def test_the_last_place_admin_cannot_be_removed_or_demoted(bucks, admin_of):
    admin = admin_of(bucks)
    membership = Membership.objects.for_place(bucks).get(user=admin)
    with pytest.raises(RuleViolation, match="at least one place admin"):
        services.membership_end(place=bucks, actor=admin, membership=membership)
    with pytest.raises(RuleViolation, match="at least one place admin"):
        services.membership_update(
            place=bucks, actor=admin, membership=membership, role=Role.RESIDENT
        )
    other = admin_of(bucks)
    services.membership_end(place=bucks, actor=other, membership=membership)
    assert not can(admin, bucks, "manage_members")


def test_roles_in_one_place_give_nothing_in_another(bucks, coventry, admin_of):
    admin = admin_of(bucks)
    assert can(admin, bucks, "manage_members")
    assert not can(admin, coventry, "manage_members")
    assert roles_in(admin, coventry) == frozenset()
