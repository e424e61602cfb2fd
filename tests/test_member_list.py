"""A place's members page: by name, 50 a page, narrowed by role and by a name or email address;
the invitations still waiting, paged on their own. Nothing a visitor sends breaks it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coordination.accounts.models import Invitation, Membership, Role, User
from coordination.places.tenancy import place_scope

pytestmark = pytest.mark.django_db


def members_url(place, **query):
    url = reverse("places:member_list", kwargs={"place_slug": place.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def admin_client(client, bucks, admin_of):
    client.force_login(admin_of(bucks, name="Ada Admin", email="ada@bucks.example"))
    return client


@pytest.fixture
def residents(bucks):
    """Sixty residents of Buckinghamshire, Resident 00 to Resident 59."""
    users = User.objects.bulk_create(
        User(name=f"Resident {i:02}", email=f"resident{i:02}@homes.example") for i in range(60)
    )
    Membership.objects.bulk_create(
        Membership(place=bucks, user=user, role=Role.RESIDENT) for user in users
    )
    return users


def test_members_are_listed_by_name_fifty_a_page(admin_client, bucks, residents):
    first = admin_client.get(members_url(bucks)).content.decode()
    assert "61 memberships" in first and "1 to 50, by name" in first
    assert "Ada Admin" in first and "Resident 00" in first and "Resident 48" in first
    assert "Resident 49" not in first
    assert 'aria-label="Pages of members"' in first and "?page=2" in first

    second = admin_client.get(members_url(bucks, page=2)).content.decode()
    assert "51 to 61, by name" in second
    assert "Resident 49" in second and "Resident 59" in second and "Resident 00" not in second
    # A page number that is not one shows a page, never an error.
    assert admin_client.get(members_url(bucks, page="x")).status_code == 200
    assert "Resident 59" in admin_client.get(members_url(bucks, page=99)).content.decode()


def test_the_search_finds_members_by_name_or_email_address(admin_client, bucks, residents):
    by_name = admin_client.get(members_url(bucks, q="Resident 1")).content.decode()
    assert "10 memberships" in by_name
    assert "Resident 10" in by_name and "Resident 19" in by_name and "Resident 20" not in by_name
    assert 'value="Resident 1"' in by_name and "Clear filters" in by_name

    by_email = admin_client.get(members_url(bucks, q="RESIDENT07@HOMES")).content.decode()
    assert "1 membership" in by_email and "Resident 07" in by_email

    nobody = admin_client.get(members_url(bucks, q="Zebedee")).content.decode()
    assert "No member’s name or email address contains “Zebedee”." in nobody


def test_the_role_filter_and_the_search_narrow_together(admin_client, bucks, residents):
    admins = admin_client.get(members_url(bucks, role=Role.PLACE_ADMIN)).content.decode()
    assert "1 membership" in admins and "Ada Admin" in admins and "Resident 00" not in admins
    both = admin_client.get(members_url(bucks, role=Role.PLACE_ADMIN, q="Resident"))
    assert "Nobody holds that role here." not in both.content.decode()
    assert "No member’s name or email address contains “Resident”." in both.content.decode()


@pytest.mark.parametrize(
    "query",
    [{"role": "emperor"}, {"q": "x" * 5000}, {"q": "%00"}, {"q": "%25_%25"}, {"page": "-1"}],
)
def test_odd_input_gives_a_page_never_an_error(admin_client, bucks, residents, query):
    response = admin_client.get(members_url(bucks, **query))
    assert response.status_code == 200


def test_another_places_members_are_never_listed(admin_client, bucks, coventry, make_member):
    make_member(coventry, Role.RESIDENT, name="Coventry Carol", email="carol@coventry.example")
    page = admin_client.get(members_url(bucks, q="Carol")).content.decode()
    assert "Coventry Carol" not in page and "carol@coventry.example" not in page


def test_waiting_invitations_are_paged_on_their_own(admin_client, bucks, residents):
    admin = User.objects.get(email="ada@bucks.example")
    expires = timezone.now() + timedelta(days=7)
    with place_scope(bucks):
        invite_thirty(bucks, admin, expires)
    first = admin_client.get(members_url(bucks, page=2)).content.decode()
    assert "invitee29@new.example" in first and "invitee05@new.example" in first
    assert "invitee04@new.example" not in first
    assert 'aria-label="Pages of invitations"' in first
    # Moving through the invitations keeps the members where they were, and comes back to them.
    assert "?page=2&amp;invitations_page=2#pending-invitations" in first
    second = admin_client.get(members_url(bucks, page=2, invitations_page=2)).content.decode()
    assert "invitee04@new.example" in second and "invitee29@new.example" not in second
    assert "Resident 59" in second


def test_the_organisation_list_search_takes_any_text_too(client, bucks):
    from tests.support.factories import OrganisationFactory

    OrganisationFactory(places=[bucks], name="Marlow Mutual Aid")
    url = reverse("places:organisation_list", kwargs={"place_slug": bucks.slug})
    assert client.get(url + "?q=%00Marlow").status_code == 200
    assert "Marlow Mutual Aid" in client.get(url + "?q=Marlow%00").content.decode()


def invite_thirty(place, admin, expires):
    for i in range(30):
        invitation = Invitation.objects.create(
            place=place,
            email=f"invitee{i:02}@new.example",
            role=Role.RESIDENT,
            invited_by=admin,
            expires_at=expires,
        )
        # Newest first: invitee29 was sent last.
        Invitation.objects.filter(pk=invitation.pk).update(
            created_at=timezone.now() - timedelta(minutes=30 - i)
        )
