"""Each role sees and may do what it should on a place's home page and in member management."""

import pytest
from django.urls import reverse

from coordination.accounts.models import Invitation, Membership, Role
from coordination.audit.models import AuditEntry
from tests.support.factories import OrganisationFactory, UserFactory


def url(name, place, **kwargs):
    return reverse(f"places:{name}", kwargs={"place_slug": place.slug, **kwargs})


MEMBER_PAGES = [
    "member_list",
    "invitation_create",
    "audit",
    "notifications:outbox",
    "notifications:preview",
]
ADMIN_ONLY = {"invitation_create", "audit", "notifications:outbox", "notifications:preview"}
# What each role may open among the member-management pages (True = 200, False = 403).
EXPECTED = {
    Role.PLACE_ADMIN: dict.fromkeys(MEMBER_PAGES, True),
    Role.COUNCIL_OFFICER: {page: page == "member_list" for page in MEMBER_PAGES},
    **{
        role: dict.fromkeys(MEMBER_PAGES, False)
        for role in (Role.FUNDER, Role.CHARITY_LEADER, Role.PARTNER, Role.RESIDENT)
    },
}


@pytest.mark.parametrize("role", list(Role))
def test_member_management_is_open_to_exactly_the_right_roles(client, bucks, make_member, role):
    client.force_login(make_member(bucks, role))
    for page in MEMBER_PAGES:
        response = client.get(url(page, bucks))
        assert response.status_code == (200 if EXPECTED[role][page] else 403), (role, page)


def test_anonymous_people_are_sent_to_sign_in(client, bucks):
    for page in MEMBER_PAGES:
        response = client.get(url(page, bucks))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_a_member_elsewhere_gets_nothing_private_here(client, bucks, coventry, admin_of):
    client.force_login(admin_of(coventry))
    for page in MEMBER_PAGES:
        assert client.get(url(page, bucks)).status_code == 403


def test_home_shows_each_role_what_matters_to_it(client, bucks, make_member, admin_of):
    funder_org = OrganisationFactory(name="Bucks Community Trust", kind="funder", places=[bucks])
    partner_org = OrganisationFactory(
        name="Chiltern Health Partnership", kind="health", places=[bucks]
    )
    admin = admin_of(bucks)
    Invitation.objects.create(
        place=bucks, email="pending@example.org", role=Role.RESIDENT, expires_at="2999-01-01T00:00Z"
    )
    AuditEntry.objects.create(
        place=bucks,
        actor=admin,
        action="organisations.organisation.create",
        target_type="x",
        target_id="1",
        target_repr="Marlow Mutual Aid",
    )

    client.force_login(admin)
    page = client.get(url("home", bucks)).content.decode()
    assert "Marlow Mutual Aid" in page  # recent changes
    assert url("member_list", bucks) in page and url("audit", bucks) in page

    client.force_login(make_member(bucks, Role.FUNDER, organisation=funder_org))
    page = client.get(url("home", bucks)).content.decode()
    assert "Bucks Community Trust" in page
    assert url("audit", bucks) not in page and "Marlow Mutual Aid" not in page

    client.force_login(make_member(bucks, Role.PARTNER, organisation=partner_org))
    page = client.get(url("home", bucks)).content.decode()
    assert "Chiltern Health Partnership" in page
    assert url("member_list", bucks) not in page


def test_a_signed_in_non_member_is_offered_to_join_as_a_resident(client, bucks):
    person = UserFactory()
    client.force_login(person)
    page = client.get(url("home", bucks)).content.decode()
    assert url("join", bucks) in page
    response = client.post(url("join", bucks))
    assert response.status_code == 302
    assert Membership.objects.for_place(bucks).get(user=person).role == Role.RESIDENT


def test_admin_invites_with_field_errors_kept_then_succeeds(client, bucks, admin_of):
    client.force_login(admin_of(bucks))
    charity = OrganisationFactory(name="Wycombe Youth Action", places=[bucks])
    response = client.post(
        url("invitation_create", bucks),
        {"email": "not-an-email", "role": Role.COUNCIL_OFFICER, "organisation": ""},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter an email address in the correct format, like name@example.com" in page
    assert 'value="not-an-email"' in page

    response = client.post(
        url("invitation_create", bucks),
        {"email": "officer@example.org", "role": Role.COUNCIL_OFFICER, "organisation": ""},
    )
    assert "Choose the organisation this person represents" in response.content.decode()

    response = client.post(
        url("invitation_create", bucks),
        {"email": "officer@example.org", "role": Role.COUNCIL_OFFICER, "organisation": charity.pk},
        follow=True,
    )
    assert "Invitation sent to officer@example.org" in response.content.decode()
    assert (
        Invitation.objects.for_place(bucks).pending().filter(email="officer@example.org").exists()
    )

    response = client.post(
        url("invitation_create", bucks),
        {"email": "officer@example.org", "role": Role.COUNCIL_OFFICER, "organisation": charity.pk},
    )
    assert "already has an invitation" in response.content.decode()


def test_admin_changes_a_role_and_removes_a_member(client, bucks, admin_of, make_member):
    admin = admin_of(bucks)
    resident = make_member(bucks, Role.RESIDENT, name="Pat Resident")
    membership = Membership.objects.for_place(bucks).get(user=resident)
    client.force_login(admin)
    page = client.get(url("member_list", bucks)).content.decode()
    assert "Pat Resident" in page

    response = client.post(url("membership_update", bucks, pk=membership.pk), {"role": Role.FUNDER})
    assert "Choose the organisation this person represents" in response.content.decode()
    funder = OrganisationFactory(kind="funder", places=[bucks])
    response = client.post(
        url("membership_update", bucks, pk=membership.pk),
        {"role": Role.FUNDER, "organisation": funder.pk},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.FUNDER

    response = client.post(url("membership_end", bucks, pk=membership.pk))
    assert response.status_code == 302
    assert not Membership.objects.for_place(bucks).filter(pk=membership.pk).exists()
    assert AuditEntry.objects.for_place(bucks).filter(action="accounts.membership.end").exists()


def test_invitation_link_flow(client, bucks, admin_of):
    from coordination.accounts.services import invitation_create

    invitation = invitation_create(
        place=bucks, actor=admin_of(bucks), email="new@example.org", role=Role.RESIDENT
    )
    link = url("invitation_accept", bucks, token=invitation.token)
    page = client.get(link).content.decode()
    assert reverse("account_login") in page  # anonymous: sign in or create an account first

    client.force_login(UserFactory(email="other@example.org"))
    assert "sent to new@example.org" in client.get(link).content.decode()

    client.force_login(UserFactory(email="new@example.org"))
    response = client.post(link)
    assert response.status_code == 302
    assert (
        Membership.objects.for_place(bucks)
        .filter(user__email="new@example.org", role=Role.RESIDENT)
        .exists()
    )
    assert "already been accepted" in client.get(link).content.decode()

    assert client.get(url("invitation_accept", bucks, token="made-up-token")).status_code == 404


def test_coordinator_adds_an_organisation_with_field_errors(client, bucks, admin_of):
    client.force_login(admin_of(bucks))
    response = client.post(
        url("organisation_create", bucks),
        {"name": "", "kind": "registered_charity", "org_id": "GB-CHC-12"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter name" in page
    assert "GB-CHC-1234567" in page  # the org-id message shows the expected shape
    response = client.post(
        url("organisation_create", bucks),
        {"name": "Marlow Mutual Aid", "kind": "community_group", "org_id": ""},
    )
    assert response.status_code == 302
    assert "Marlow Mutual Aid" in client.get(url("organisation_list", bucks)).content.decode()


def test_place_admins_see_the_emails_panel_with_failures_linked(
    client, bucks, admin_of, make_member
):
    from coordination.notifications.models import OutboxEmail, OutboxStatus
    from coordination.notifications.services import outbox_enqueue

    for i in range(3):
        outbox_enqueue(
            place=bucks,
            key=f"panel:{i}",
            to_email=f"p{i}@example.org",
            kind="test",
            subject="Hello",
            text_body="Hello",
            deliver=False,
        )
    OutboxEmail.objects.for_place(bucks).filter(dedupe_key="panel:0").update(
        status=OutboxStatus.FAILED
    )
    client.force_login(admin_of(bucks))
    page = client.get(url("home", bucks)).content.decode()
    assert "Emails from this place" in page
    assert "2 waiting to send." in page
    assert (
        f'href="{url("notifications:outbox", bucks)}?status=failed">1 email could not be sent'
        in page
    )
    assert url("notifications:preview", bucks) in page

    client.force_login(make_member(bucks, Role.COUNCIL_OFFICER))
    assert "Emails from this place" not in client.get(url("home", bucks)).content.decode()


def test_the_landing_page_puts_my_places_first_with_my_roles(client, bucks, coventry, make_member):
    person = make_member(bucks, Role.RESIDENT)
    Membership.objects.create(place=coventry, user=person, role=Role.PLACE_ADMIN)

    page = client.get(reverse("home")).content.decode()
    assert "Your places" not in page and "Sutton" in page  # anonymous: every place, no "yours"

    client.force_login(person)
    page = client.get(reverse("home")).content.decode()
    mine, others = page.split("Your places", 1)[1].split("Other places", 1)
    assert "Buckinghamshire" in mine and "Coventry" in mine and "Sutton" not in mine
    assert "Your roles: Place admin" in mine and "Your roles: Resident" in mine
    assert "Sutton" in others and "Buckinghamshire" not in others
