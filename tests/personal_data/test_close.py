"""Closing an account: what identified the person goes, records others rely on stay and show
"Former member", and the last place admin or an administrator of InPlace cannot close."""

import pytest
from django.apps import apps
from django.urls import reverse

from coordination.accounts.models import ApiToken, Membership, Role, User
from coordination.errors import RuleViolation
from coordination.notifications.models import Notification, NotificationPreference
from coordination.personal_data import services
from coordination.personal_data.models import DataRequest, Kind, Status
from coordination.places.tenancy import scopes_disabled
from tests.support.factories import DEMO_PASSWORD, api_token
from tests.support.isolation import build_world
from tests.support.personal_data import an_idea

pytestmark = pytest.mark.django_db


def test_a_resident_closes_their_account_and_their_idea_stays_by_former_member(
    client, bucks, make_member
):
    person = make_member(bucks, Role.RESIDENT, name="Rae Resident", email="rae@example.org")
    neighbour = make_member(bucks, Role.RESIDENT, name="Nia Neighbour")
    own_idea = an_idea(bucks, person)
    idea = an_idea(bucks, neighbour, title="More benches on the green", commenter=person)
    api_token(person)
    Notification.objects.create(place=bucks, user=person, kind="news", title="Hello Rae")
    NotificationPreference.objects.create(place=bucks, user=person)
    client.force_login(person)
    url = reverse("account_close")
    page = client.get(url)
    assert "Former member" in page.content.decode()
    assert "/statements/privacy/" in page.content.decode()

    refused = client.post(url, {"password": "wrong"})
    text = refused.content.decode()
    assert refused.status_code == 200
    assert "Enter your password correctly" in text
    assert "Confirm that you understand closing cannot be undone" in text
    assert User.objects.get(pk=person.pk).closed_at is None

    closed = client.post(url, {"password": DEMO_PASSWORD, "confirm": "on"})
    assert closed.status_code == 302 and closed["Location"] == reverse("account_closed")
    assert client.get(reverse("account_closed")).status_code == 200
    person.refresh_from_db()
    assert person.closed_at is not None
    assert str(person) == person.get_full_name() == "Former member"
    assert person.email == f"closed-{person.pk}@closed.invalid"
    assert (person.contact_email, person.phone, person.reach_note) == ("", "", "")
    assert not person.is_active and not person.has_usable_password()
    assert not client.login(email="rae@example.org", password=DEMO_PASSWORD)
    assert not ApiToken.objects.filter(user=person).exists()
    with scopes_disabled():
        assert not Membership.objects.filter(user=person).exists()
        assert not Notification.objects.filter(user=person).exists()
        assert not NotificationPreference.objects.filter(user=person).exists()
    log = DataRequest.objects.get(user=person, kind=Kind.CLOSURE)
    assert log.status == Status.DONE and log.user_reference == f"person {person.pk}"

    # Their idea and comment stay, as the public record; the comment is by "Former member".
    assert client.get(f"/buckinghamshire/boards/ideas/{own_idea.pk}/").status_code == 200
    idea_page = client.get(f"/buckinghamshire/boards/ideas/{idea.pk}/").content.decode()
    assert "Yes, please, it is dangerous." in idea_page
    assert "Former member" in idea_page
    assert "Rae Resident" not in idea_page
    # The signed-in session ended with it.
    assert client.get(reverse("account_profile")).status_code == 302


def test_the_last_place_admin_cannot_close_until_another_admin_exists(
    client, bucks, admin_of, password
):
    admin = admin_of(bucks)
    client.force_login(admin)
    page = client.get(reverse("account_close"))
    assert "You are the only place admin of Buckinghamshire" in page.content.decode()
    with pytest.raises(RuleViolation):
        services.account_close(user=admin)
    assert User.objects.get(pk=admin.pk).closed_at is None

    admin_of(bucks)
    assert services.closure_problems(admin) == []
    services.account_close(user=admin)
    assert User.objects.get(pk=admin.pk).is_closed


def test_an_administrator_of_inplace_cannot_close_here(db):
    superuser = User.objects.create_superuser("root@example.org", "x" * 12)
    with pytest.raises(RuleViolation):
        services.account_close(user=superuser)


def _counts(labels):
    with scopes_disabled():
        return {label: apps.get_model(label)._default_manager.count() for label in labels}


# What closing removes on purpose; every other table keeps every row.
FORGOTTEN = {
    "accounts.membership",
    "accounts.apitoken",
    "account.emailaddress",
    "mfa.authenticator",
    "notifications.notification",
    "notifications.notificationpreference",
    "boards.calendarfeed",
    "boards.meetingregistration",
    "practice.practicefollow",
}


def test_closing_keeps_every_governance_record_and_shows_former_member():
    world = build_world()
    person = world["a_person"]
    bucks = Membership.objects.model._meta.apps.get_model("places", "Place").objects.get(
        slug="buckinghamshire"
    )
    from tests.support.factories import MembershipFactory, UserFactory

    MembershipFactory(place=bucks, user=UserFactory(), role=Role.PLACE_ADMIN)
    labels = [model._meta.label_lower for model in apps.get_models()]
    before = _counts(labels)
    services.account_close(user=person)
    after = _counts(labels)
    changed = {label for label in labels if before[label] != after[label]}
    assert changed <= FORGOTTEN | {"personal_data.datarequest", "audit.auditentry"}
    assert after["audit.auditentry"] >= before["audit.auditentry"]
    with scopes_disabled():
        declarations = apps.get_model("boards", "DeclarationOfInterest").objects.filter(
            member=person
        )
        assert declarations.exists()
        assert {d.member_name for d in declarations} == {"Former member"}
        ideas = apps.get_model("boards", "Proposal").objects.filter(proposed_by=person)
        assert ideas.exists()
        assert {str(i.proposed_by) for i in ideas} == {"Former member"}
        assert apps.get_model("funding", "Bid").objects.filter(created_by=person).exists()
        ballots = apps.get_model("funding", "BudgetBallot").objects.filter(voter=person)
        assert ballots.exists()
        entries = apps.get_model("audit", "AuditEntry").objects.filter(actor=person)
        assert entries.exists()
        assert (
            not apps.get_model("audit", "AuditEntry")
            .objects.filter(target_repr__contains="Buckinghamshire Everyrole")
            .filter(target_type__in=["accounts.user", "accounts.membership"])
            .exists()
        )


def test_administrators_read_the_request_log_in_the_admin_and_change_nothing(
    client, bucks, make_member
):
    from tests.support.factories import UserFactory

    person = make_member(bucks, Role.RESIDENT)
    services.account_close(user=person)
    log = DataRequest.objects.get(user=person)
    staff = UserFactory(email="staff@example.org", is_staff=True, is_superuser=True)
    client.force_login(staff)
    listing = client.get("/admin/personal_data/datarequest/")
    assert listing.status_code == 200
    assert f"person {person.pk}" in listing.text
    detail = client.get(f"/admin/personal_data/datarequest/{log.pk}/change/")
    assert detail.status_code == 200
    assert log.token not in detail.text
    assert client.post(f"/admin/personal_data/datarequest/{log.pk}/delete/").status_code == 403
