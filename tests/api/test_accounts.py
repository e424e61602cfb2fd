"""Memberships, invitations and "me" through the API."""

from coordination.accounts.models import Invitation, Membership, Role
from coordination.audit.models import AuditEntry
from tests.support.api_errors import error_of
from tests.support.factories import OrganisationFactory

MEMBERS = "/api/v1/places/buckinghamshire/memberships/"
INVITATIONS = "/api/v1/places/buckinghamshire/invitations/"


def membership(place, user, role=None):
    qs = Membership.objects.for_place(place).filter(user=user)
    return qs.get(role=role) if role else qs.get()


# Invitations


def test_admin_invites_a_charity_leader(
    api_as, bucks, admin_of, django_capture_on_commit_callbacks
):
    admin = admin_of(bucks)
    charity = OrganisationFactory(name="Wycombe Food Bank", places=[bucks])
    with django_capture_on_commit_callbacks() as callbacks:
        response = api_as(admin).post(
            INVITATIONS,
            {
                "email": "New.Leader@Example.org",
                "role": "charity_leader",
                "organisation": charity.pk,
            },
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["email"] == "new.leader@example.org"
    assert body["role"] == "charity_leader"
    assert body["organisation"] == charity.pk
    assert body["status"] == "pending"
    assert body["invited_by"]["id"] == admin.pk
    assert "token" not in body
    invitation = Invitation.objects.for_place(bucks).get(pk=body["id"])
    assert invitation.invited_by == admin
    assert (
        AuditEntry.objects.for_place(bucks).filter(action="accounts.invitation.create").count() == 1
    )
    assert len(callbacks) == 1  # the invitation email is queued after commit


def test_duplicate_invitation_is_a_field_error(api_as, bucks, admin_of):
    api = api_as(admin_of(bucks))
    data = {"email": "resident@example.org", "role": "resident"}
    assert api.post(INVITATIONS, data).status_code == 201
    response = api.post(INVITATIONS, data)
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert "already has an invitation" in error["fields"]["email"][0]
    assert Invitation.objects.for_place(bucks).count() == 1


def test_invitation_needs_an_organisation_for_an_organisation_role(api_as, bucks, admin_of):
    response = api_as(admin_of(bucks)).post(
        INVITATIONS, {"email": "x@example.org", "role": "funder"}
    )
    assert response.status_code == 400
    assert "organisation" in error_of(response)["fields"]


def test_invitation_to_another_places_organisation_is_refused(api_as, bucks, coventry, admin_of):
    coventry_charity = OrganisationFactory(places=[coventry])
    response = api_as(admin_of(bucks)).post(
        INVITATIONS,
        {"email": "x@example.org", "role": "charity_leader", "organisation": coventry_charity.pk},
    )
    assert response.status_code == 400
    assert "does not exist" in error_of(response)["fields"]["organisation"][0]
    assert not Invitation.objects.for_place(bucks).exists()


def test_only_admins_invite(api, api_as, bucks, make_member):
    data = {"email": "x@example.org", "role": "resident"}
    assert api.post(INVITATIONS, data).status_code == 401
    officer = make_member(bucks, Role.COUNCIL_OFFICER)
    response = api_as(officer).post(INVITATIONS, data)
    assert response.status_code == 403
    assert error_of(response)["code"] == "permission_denied"


def test_invitation_list_and_withdraw(api_as, bucks, admin_of):
    api = api_as(admin_of(bucks))
    created = api.post(INVITATIONS, {"email": "x@example.org", "role": "resident"}).json()
    listed = api.get(INVITATIONS, {"status": "pending"}).json()["results"]
    assert [i["id"] for i in listed] == [created["id"]]

    response = api.post(f"{INVITATIONS}{created['id']}/withdraw/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "revoked"
    assert api.get(INVITATIONS, {"status": "pending"}).json()["results"] == []

    again = api.post(f"{INVITATIONS}{created['id']}/withdraw/")
    assert again.status_code == 400
    assert "pending" in error_of(again)["message"]


# Memberships


def test_members_are_visible_to_staff_only(api, api_as, bucks, admin_of, make_member):
    admin = admin_of(bucks, name="Ada Admin")
    leader = make_member(bucks, Role.CHARITY_LEADER, name="Lee Leader")
    officer = make_member(bucks, Role.COUNCIL_OFFICER, name="Olu Officer")

    assert api.get(MEMBERS).status_code == 401
    assert api_as(leader).get(MEMBERS).status_code == 403
    response = api_as(officer).get(MEMBERS)
    assert response.status_code == 200
    people = {m["person"]["name"]: m["role"] for m in response.json()["results"]}
    assert people == {
        "Ada Admin": "place_admin",
        "Lee Leader": "charity_leader",
        "Olu Officer": "council_officer",
    }

    one = api_as(admin).get(f"{MEMBERS}{membership(bucks, leader).pk}/").json()
    assert one["person"]["email"] == leader.email
    assert one["organisation_detail"]["id"] == one["organisation"]

    leaders = api_as(admin).get(MEMBERS, {"role": "charity_leader"}).json()["results"]
    assert [m["person"]["name"] for m in leaders] == ["Lee Leader"]


def test_admin_changes_a_role(api_as, bucks, admin_of, make_member):
    admin = admin_of(bucks)
    resident = make_member(bucks, Role.RESIDENT)
    charity = OrganisationFactory(places=[bucks])
    target = membership(bucks, resident)
    response = api_as(admin).patch(
        f"{MEMBERS}{target.pk}/", {"role": "charity_leader", "organisation": charity.pk}
    )
    assert response.status_code == 200, response.content
    assert response.json()["role"] == "charity_leader"
    target.refresh_from_db()
    assert (target.role, target.organisation) == (Role.CHARITY_LEADER, charity)
    assert AuditEntry.objects.for_place(bucks).filter(action="accounts.membership.update").exists()


def test_the_last_admin_cannot_step_down(api_as, bucks, admin_of):
    admin = admin_of(bucks)
    own = membership(bucks, admin)
    response = api_as(admin).patch(f"{MEMBERS}{own.pk}/", {"role": "resident"})
    assert response.status_code == 400
    error = error_of(response)
    assert "at least one place admin" in error["fields"]["role"][0]
    own.refresh_from_db()
    assert own.role == Role.PLACE_ADMIN

    response = api_as(admin).delete(f"{MEMBERS}{own.pk}/")
    assert response.status_code == 400
    assert "at least one place admin" in error_of(response)["message"]
    assert Membership.objects.for_place(bucks).filter(pk=own.pk).exists()


def test_admin_ends_a_membership(api_as, bucks, admin_of, make_member):
    admin = admin_of(bucks)
    resident = make_member(bucks, Role.RESIDENT)
    target = membership(bucks, resident)
    response = api_as(admin).delete(f"{MEMBERS}{target.pk}/")
    assert response.status_code == 204
    assert not Membership.objects.for_place(bucks).filter(pk=target.pk).exists()
    assert AuditEntry.objects.for_place(bucks).filter(action="accounts.membership.end").exists()


def test_officer_may_see_but_not_change_members(api_as, bucks, admin_of, make_member):
    admin_of(bucks)
    officer = make_member(bucks, Role.COUNCIL_OFFICER)
    own = membership(bucks, officer)
    response = api_as(officer).patch(f"{MEMBERS}{own.pk}/", {"role": "place_admin"})
    assert response.status_code == 403
    assert membership(bucks, officer).role == Role.COUNCIL_OFFICER


def test_membership_wrong_types(api_as, bucks, admin_of, make_member):
    admin = admin_of(bucks)
    target = membership(bucks, make_member(bucks, Role.RESIDENT))
    response = api_as(admin).patch(f"{MEMBERS}{target.pk}/", {"role": 7, "organisation": "abc"})
    assert response.status_code == 400
    assert set(error_of(response)["fields"]) == {"role", "organisation"}


def test_memberships_cannot_be_created_directly(api_as, bucks, admin_of):
    response = api_as(admin_of(bucks)).post(MEMBERS, {"role": "resident"})
    assert response.status_code == 405


# Me


def test_me_lists_memberships_in_every_place(api, api_as, bucks, coventry, make_member):
    assert api.get("/api/v1/me/").status_code == 401
    charity = OrganisationFactory(name="Shared Charity", places=[bucks, coventry])
    person = make_member(bucks, Role.CHARITY_LEADER, organisation=charity, name="Sam Both")
    Membership.objects.create(place=coventry, user=person, role=Role.RESIDENT)
    Membership.objects.create(
        place=coventry, user=person, role=Role.CHARITY_LEADER, organisation=charity
    )

    body = api_as(person).get("/api/v1/me/").json()
    assert body["name"] == "Sam Both"
    assert body["email"] == person.email
    assert [(m["place"], m["role"]) for m in body["memberships"]] == [
        ("buckinghamshire", "charity_leader"),
        ("coventry", "charity_leader"),
        ("coventry", "resident"),
    ]
    assert body["memberships"][0]["organisation"]["name"] == "Shared Charity"
    assert body["places"] == [
        {
            "slug": "buckinghamshire",
            "name": "Buckinghamshire",
            "roles": ["charity_leader"],
            "url": "http://testserver/api/v1/places/buckinghamshire/",
        },
        {
            "slug": "coventry",
            "name": "Coventry",
            "roles": ["charity_leader", "resident"],
            "url": "http://testserver/api/v1/places/coventry/",
        },
    ]
