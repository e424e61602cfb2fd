"""Where signing in takes a person: their one place, the place they chose or opened last, the
chooser when they belong to several, or the page of all places when they belong to none."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination.accounts import services
from coordination.accounts.models import Membership, Role, User
from coordination.places.models import Place
from tests.support.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, user, password, next_url=None):
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": user.email, "password": password})


def home_of(place):
    return reverse("places:home", kwargs={"place_slug": place.slug})


@pytest.fixture
def in_two_places(bucks, coventry, make_member):
    person = make_member(bucks, Role.CHARITY_LEADER)
    MembershipFactory(place=coventry, user=person, role=Role.RESIDENT)
    return person


def test_a_person_in_one_place_lands_on_its_home_page(client, bucks, make_member, password):
    person = make_member(bucks, Role.RESIDENT)
    response = sign_in(client, person, password)
    assert response["Location"] == home_of(bucks)


def test_a_person_in_no_place_lands_on_the_page_of_all_places(client, password):
    person = UserFactory()
    response = sign_in(client, person, password)
    assert response["Location"] == reverse("home")
    page = client.get(response["Location"]).content.decode()
    assert "Which place do you want to go to?" not in page


def test_a_person_in_several_places_chooses_and_is_taken_there_next_time(
    client, in_two_places, coventry, password
):
    response = sign_in(client, in_two_places, password)
    assert response["Location"] == reverse("account_choose_place")
    page = client.get(response["Location"]).content.decode()
    assert "Which place do you want to go to?" in page
    assert 'type="radio" value="buckinghamshire"' in page
    assert "Charity leader for" in page  # each place with the person's roles there
    assert "Resident" in page

    response = client.post(reverse("account_choose_place"), {"place": "coventry"})
    assert response["Location"] == home_of(coventry)
    assert User.objects.get(pk=in_two_places.pk).last_place == coventry

    client.logout()
    assert sign_in(client, in_two_places, password)["Location"] == home_of(coventry)


def test_choosing_nothing_or_a_place_the_person_is_not_in_is_an_error_on_the_page(
    client, in_two_places, sutton
):
    client.force_login(in_two_places)
    for data in ({}, {"place": "sutton"}, {"place": "x" * 5000}):
        response = client.post(reverse("account_choose_place"), data)
        assert response.status_code == 200
        page = response.content.decode()
        assert "govuk-error-summary" in page
    assert User.objects.get(pk=in_two_places.pk).last_place is None


def test_opening_a_page_of_a_place_makes_it_the_last_place(
    client, in_two_places, bucks, sutton, password
):
    client.force_login(in_two_places)
    client.get(home_of(bucks))
    assert User.objects.get(pk=in_two_places.pk).last_place == bucks
    # A place the person does not belong to is not remembered.
    client.get(home_of(sutton))
    assert User.objects.get(pk=in_two_places.pk).last_place == bucks
    client.logout()
    assert sign_in(client, in_two_places, password)["Location"] == home_of(bucks)


def test_the_last_place_is_written_only_when_it_changes(client, in_two_places, bucks):
    client.force_login(in_two_places)
    with CaptureQueriesContext(connection) as first:
        client.get(home_of(bucks))
    with CaptureQueriesContext(connection) as again:
        client.get(home_of(bucks))

    def updates(queries):
        return [q for q in queries if 'UPDATE "accounts_user"' in q["sql"]]

    assert len(updates(first)) == 1
    assert updates(again) == []


def test_the_api_does_not_move_the_last_place(client, in_two_places, bucks):
    client.force_login(in_two_places)
    client.get(f"/api/v1/places/{bucks.slug}/")
    assert User.objects.get(pk=in_two_places.pk).last_place is None


def test_an_ended_membership_is_never_a_landing_target(
    client, in_two_places, bucks, coventry, admin_of, password
):
    services.last_place_remember(user=in_two_places, place=coventry)
    membership = Membership.objects.for_place(coventry).get(user=in_two_places)
    services.membership_end(place=coventry, actor=admin_of(coventry), membership=membership)
    # Now in one place: that place, never the one left.
    assert sign_in(client, in_two_places, password)["Location"] == home_of(bucks)


def test_a_place_no_longer_active_is_never_a_landing_target(
    client, in_two_places, bucks, coventry, password
):
    services.last_place_remember(user=in_two_places, place=coventry)
    Place.objects.filter(pk=coventry.pk).update(is_active=False)
    assert sign_in(client, in_two_places, password)["Location"] == home_of(bucks)


def test_a_next_address_wins_over_the_landing_place(client, in_two_places, bucks, password):
    services.last_place_remember(user=in_two_places, place=bucks)
    target = reverse("account_profile")
    assert sign_in(client, in_two_places, password, next_url=target)["Location"] == target


def test_an_address_off_the_site_is_never_followed(client, bucks, make_member, password):
    person = make_member(bucks, Role.RESIDENT)
    response = sign_in(client, person, password, next_url="https://evil.example/")
    assert response["Location"] == home_of(bucks)


def test_the_chooser_for_someone_in_no_place_points_to_the_places(client):
    client.force_login(UserFactory())
    page = client.get(reverse("account_choose_place")).content.decode()
    assert "You do not belong to any place yet." in page
    assert 'type="radio"' not in page


def test_the_header_links_to_the_chooser_and_the_profile(client, in_two_places, bucks):
    client.force_login(in_two_places)
    page = client.get(home_of(bucks)).content.decode()
    assert f'href="{reverse("account_choose_place")}"' in page
    assert f'href="{reverse("account_profile")}"' in page


def test_signing_in_needs_the_chooser_to_be_signed_in(client):
    response = client.get(reverse("account_choose_place"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
