"""Another place's object through this place is the same 404 as a missing one, for every verb."""

import pytest

from coordination.accounts.models import Invitation, Membership, Role
from coordination.accounts.services import invitation_create
from coordination.places.models import AreaKind
from coordination.places.services import area_create
from tests.support.api_errors import error_of
from tests.support.factories import OrganisationFactory

MISSING_ID = 987654321


@pytest.fixture
def bucks_objects(bucks, admin_of, make_member):
    admin = admin_of(bucks)
    leader = make_member(bucks, Role.CHARITY_LEADER)
    return {
        "area": area_create(place=bucks, name="Aylesbury North", kind=AreaKind.WARD),
        "organisation": OrganisationFactory(name="Wycombe Food Bank", places=[bucks]),
        "membership": Membership.objects.for_place(bucks).get(user=leader),
        "invitation": invitation_create(
            place=bucks, actor=admin, email="guest@example.org", role=Role.RESIDENT
        ),
    }


@pytest.fixture
def coventry_admin_api(api_as, coventry, admin_of, make_member):
    person = admin_of(coventry)
    # Every role, so the permission check passes and only the object lookup decides.
    for role in set(Role) - {Role.PLACE_ADMIN}:
        organisation = OrganisationFactory(places=[coventry]) if role != Role.RESIDENT else None
        Membership.objects.create(place=coventry, user=person, role=role, organisation=organisation)
    return api_as(person)


def test_a_coventry_admin_gets_404_for_buckinghamshire_objects(
    coventry_admin_api, bucks_objects, bucks
):
    api = coventry_admin_api
    base = "/api/v1/places/coventry"
    ids = {kind: bucks_objects[kind].pk for kind in ("organisation", "membership", "invitation")}
    cases = {
        f"{base}/areas/aylesbury-north/": f"{base}/areas/no-such-area/",
        f"{base}/organisations/{ids['organisation']}/": f"{base}/organisations/{MISSING_ID}/",
        f"{base}/memberships/{ids['membership']}/": f"{base}/memberships/{MISSING_ID}/",
        f"{base}/invitations/{ids['invitation']}/": f"{base}/invitations/{MISSING_ID}/",
    }
    for url, missing_url in cases.items():
        response = api.get(url)
        assert response.status_code == 404, url
        assert error_of(response) == error_of(api.get(missing_url))
        assert "Wycombe" not in response.content.decode()
        assert "Aylesbury" not in response.content.decode()

    organisation_url = f"{base}/organisations/{bucks_objects['organisation'].pk}/"
    assert api.patch(organisation_url, {"name": "Taken over"}).status_code == 404
    membership_url = f"{base}/memberships/{bucks_objects['membership'].pk}/"
    assert api.patch(membership_url, {"role": "resident"}).status_code == 404
    assert api.delete(membership_url).status_code == 404
    invitation_url = f"{base}/invitations/{bucks_objects['invitation'].pk}/withdraw/"
    assert api.post(invitation_url).status_code == 404

    bucks_objects["organisation"].refresh_from_db()
    assert bucks_objects["organisation"].name == "Wycombe Food Bank"
    assert (
        Membership.objects.for_place(bucks).get(pk=bucks_objects["membership"].pk).role
        == Role.CHARITY_LEADER
    )
    assert (
        Invitation.objects.for_place(bucks).get(pk=bucks_objects["invitation"].pk).status
        == "pending"
    )


def test_buckinghamshire_lists_seen_from_coventry_show_nothing_of_it(
    coventry_admin_api, bucks_objects
):
    for resource in ("areas", "organisations", "memberships", "invitations"):
        response = coventry_admin_api.get(f"/api/v1/places/coventry/{resource}/")
        assert response.status_code == 200
        body = response.content.decode()
        assert "Wycombe" not in body and "Aylesbury" not in body and "guest@example.org" not in body


def test_a_coventry_member_has_no_rights_in_buckinghamshire(coventry_admin_api, bucks_objects):
    membership = bucks_objects["membership"]
    response = coventry_admin_api.get(
        f"/api/v1/places/buckinghamshire/memberships/{membership.pk}/"
    )
    assert response.status_code == 403


def test_links_to_another_places_objects_are_refused(coventry_admin_api, bucks_objects, coventry):
    response = coventry_admin_api.post(
        "/api/v1/places/coventry/invitations/",
        {
            "email": "x@example.org",
            "role": "charity_leader",
            "organisation": bucks_objects["organisation"].pk,
        },
    )
    assert response.status_code == 400
    assert "does not exist" in error_of(response)["fields"]["organisation"][0]
    response = coventry_admin_api.post(
        "/api/v1/places/coventry/organisations/",
        {"name": "New", "kind": "cio", "areas": ["aylesbury-north"]},
    )
    assert response.status_code == 400
    assert "does not exist" in error_of(response)["fields"]["areas"][0]
