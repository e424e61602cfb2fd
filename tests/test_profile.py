"""A person's profile: their name, their roles per place, and how to reach them, which only they
and the place admins of their places see."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from coordination.accounts.models import Role, User
from coordination.audit.models import AuditEntry
from coordination.places.tenancy import scopes_disabled
from tests.support.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PROFILE = "/accounts/profile/"


@pytest.fixture
def person(bucks, coventry, make_member):
    person = make_member(bucks, Role.CHARITY_LEADER, email="ayo@example.org", name="Ayo Bello")
    MembershipFactory(place=coventry, user=person, role=Role.RESIDENT)
    return person


def save(client, **fields):
    data = {"name": "Ayo Bello", "contact_email": "", "phone": "", "reach_note": "", **fields}
    return client.post(PROFILE, data)


def test_the_profile_shows_name_places_roles_and_organisations(client, person, bucks):
    client.force_login(person)
    response = client.get(PROFILE)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Your profile</h1>' in page
    assert "Ayo Bello" in page
    assert "Buckinghamshire" in page and "Coventry" in page
    assert "Charity leader" in page and "Resident" in page
    membership = person.memberships.model.objects.for_place(bucks).get(user=person)
    assert membership.organisation.name in page
    # The contact address starts as the sign-in address, shown in the box.
    assert 'value="ayo@example.org"' in page
    assert "placeholder" not in page


def test_a_person_saves_how_to_reach_them(client, person, bucks, coventry):
    client.force_login(person)
    response = save(
        client,
        contact_email="Ayo.Work@Example.org",
        phone="07700  900 982",
        reach_note="Mornings are best.",
    )
    assert response["Location"] == PROFILE
    person.refresh_from_db()
    assert (person.contact_email, person.phone, person.reach_note) == (
        "ayo.work@example.org",
        "07700 900 982",
        "Mornings are best.",
    )
    page = client.get(PROFILE).content.decode()
    assert "Your profile is saved." in page
    assert 'value="07700 900 982"' in page
    # Each place the person belongs to records that it changed, not what it says.
    for place in (bucks, coventry):
        entry = AuditEntry.objects.for_place(place).get(action="accounts.profile.update")
        assert entry.changes == {"fields": ["contact_email", "phone", "reach_note"]}
        assert "07700" not in str(entry.changes)


def test_the_sign_in_address_as_contact_address_is_kept_as_the_default(client, person):
    client.force_login(person)
    save(client, contact_email="ayo@example.org")
    person.refresh_from_db()
    assert person.contact_email == ""
    assert person.reach_email == "ayo@example.org"


def test_saving_nothing_new_records_nothing(client, person):
    client.force_login(person)
    save(client, contact_email="ayo@example.org")
    with scopes_disabled():
        assert not AuditEntry.objects.filter(action="accounts.profile.update").exists()


@pytest.mark.parametrize(
    "phone",
    ["call me", "0770090", "+44 (0)7700 900982", "07700-900-982", "1" * 16, "++447700900982"],
)
def test_a_phone_number_that_is_not_one_is_an_error_on_the_field(client, person, phone):
    client.force_login(person)
    response = save(client, phone=phone)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192" in page
    assert 'href="#id_phone"' in page  # the error summary links to the box
    assert User.objects.get(pk=person.pk).phone == ""


@pytest.mark.parametrize("phone", ["01632 960 001", "07700900982", "+44 808 157 0192"])
def test_uk_phone_numbers_are_taken(client, person, phone):
    client.force_login(person)
    assert save(client, phone=phone).status_code == 302
    assert User.objects.get(pk=person.pk).phone == phone


def test_other_errors_are_shown_on_their_fields(client, person):
    client.force_login(person)
    response = save(client, name="", contact_email="not an address", reach_note="x" * 2001)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter your full name" in page
    assert "Enter an email address in the correct format, like name@example.com" in page
    assert "must be 2,000 characters or fewer" in page
    assert User.objects.get(pk=person.pk).name == "Ayo Bello"


def test_the_profile_needs_signing_in(client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def _reachable(person):
    User.objects.filter(pk=person.pk).update(
        contact_email="ayo.private@example.org", phone="01632 960 123", reach_note="Ring after 4pm"
    )


def test_place_admins_see_how_to_reach_their_members(client, person, bucks, admin_of):
    _reachable(person)
    client.force_login(admin_of(bucks))
    page = client.get(reverse("places:member_list", kwargs={"place_slug": "buckinghamshire"}))
    page = page.content.decode()
    assert "ayo.private@example.org" in page
    assert "01632 960 123" in page
    assert "Ring after 4pm" in page


def test_other_members_and_other_places_do_not_see_how_to_reach_a_person(
    client, person, bucks, sutton, make_member, admin_of
):
    _reachable(person)
    officer = make_member(bucks, Role.COUNCIL_OFFICER)  # sees the member list, not these
    viewers = [officer, admin_of(sutton)]
    for viewer in viewers:
        client.force_login(viewer)
        for slug in ("buckinghamshire", "sutton"):
            response = client.get(reverse("places:member_list", kwargs={"place_slug": slug}))
            page = response.content.decode()
            assert "01632 960 123" not in page
            assert "Ring after 4pm" not in page
            assert "ayo.private@example.org" not in page
        # Nor through the API.
        api = APIClient()
        api.force_authenticate(viewer)
        for slug in ("buckinghamshire", "sutton"):
            body = api.get(f"/api/v1/places/{slug}/memberships/").content.decode()
            assert "01632 960 123" not in body and "ayo.private@example.org" not in body
    # Another person's own profile shows their own details only.
    client.force_login(officer)
    page = client.get(PROFILE).content.decode()
    assert "01632 960 123" not in page and "Ring after 4pm" not in page


def test_the_api_shows_and_changes_the_persons_own_profile(person):
    api = APIClient()
    api.force_authenticate(person)
    me = api.get("/api/v1/me/").json()
    assert me["contact_email"] == "" and me["phone"] == "" and me["reach_note"] == ""
    response = api.patch("/api/v1/me/", {"phone": "01632 960 001"}, format="json")
    assert response.status_code == 200
    assert response.json()["phone"] == "01632 960 001"
    assert response.json()["name"] == "Ayo Bello"  # left out: kept
    response = api.patch("/api/v1/me/", {"phone": "call me"}, format="json")
    assert response.status_code == 400
    assert "phone" in response.json()["error"]["fields"]
    response = api.patch("/api/v1/me/", {"name": ""}, format="json")
    assert response.status_code == 400
    assert User.objects.get(pk=person.pk).phone == "01632 960 001"


def test_someone_in_no_place_can_keep_a_profile(client):
    loner = UserFactory(name="Sol Lone")
    client.force_login(loner)
    assert save(client, name="Sol Lone", phone="01632 960 001").status_code == 302
    assert User.objects.get(pk=loner.pk).phone == "01632 960 001"
    assert "You do not belong to any place yet." in client.get(PROFILE).content.decode()
