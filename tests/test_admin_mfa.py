"""Place admins must use two-factor authentication; other people are not asked to."""

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from rest_framework.test import APIClient

from coordination.accounts.models import Invitation, Role
from coordination.api.services import partner_key_create
from tests.support.api_errors import error_of
from tests.support.factories import api_token


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_ADMINS = True


def current_code(secret):
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_an_admin_without_an_authenticator_is_sent_to_set_one_up(
    client, bucks, admin_of, password, mfa_required
):
    admin = admin_of(bucks)
    client.post("/accounts/login/", {"login": admin.email, "password": password})
    response = client.get("/buckinghamshire/members/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/?next=/buckinghamshire/members/"
    # allauth asks for the password again before a security change, then shows the set-up page.
    confirm = client.get(response["Location"], follow=True)
    assert confirm.redirect_chain[-1][0].startswith("/accounts/reauthenticate/")
    assert "needs a second step at sign-in" in confirm.text
    done = client.post(confirm.redirect_chain[-1][0], {"password": password}, follow=True)
    assert done.request["PATH_INFO"] == "/accounts/2fa/totp/activate/"
    assert "Authenticator" in done.text or "authenticator" in done.text
    # The API answers only that two-factor authentication is owed.
    refused = client.get("/api/v1/places/")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "mfa_required"


def test_other_people_are_not_asked(client, bucks, make_member, mfa_required):
    client.force_login(make_member(bucks, Role.CHARITY_LEADER))
    assert client.get("/buckinghamshire/").status_code == 200


def test_an_admin_with_an_authenticator_signs_in_with_its_code(
    client, bucks, admin_of, password, mfa_required
):
    admin = admin_of(bucks)
    secret = generate_totp_secret()
    TOTP.activate(admin, secret)

    response = client.post("/accounts/login/", {"login": admin.email, "password": password})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.get("/buckinghamshire/members/").status_code == 302  # not signed in yet
    wrong = client.post(response["Location"], {"code": "000000"})
    assert wrong.status_code == 200 and "Incorrect code" in wrong.text
    signed_in = client.post(response["Location"], {"code": current_code(secret)})
    assert signed_in.status_code == 302
    assert client.get("/buckinghamshire/members/").status_code == 200


def test_the_requirement_can_be_switched_off_for_a_demo(client, bucks, admin_of, settings):
    settings.MFA_REQUIRED_FOR_ADMINS = False
    client.force_login(admin_of(bucks))
    assert client.get("/buckinghamshire/members/").status_code == 200


SET_UP_MESSAGE = (
    "Your account needs two-factor authentication before it can use the API. Sign in with a "
    "browser and set up an authenticator app, then try again."
)


def assert_mfa_refusal(response, message=SET_UP_MESSAGE):
    assert response.status_code == 403, response.content
    error = error_of(response)
    assert error["code"] == "mfa_required"
    assert error["message"] == message


def test_a_password_only_session_gets_nothing_from_the_api(
    client, bucks, admin_of, password, mfa_required
):
    admin = admin_of(bucks)
    client.post("/accounts/login/", {"login": admin.email, "password": password})

    assert_mfa_refusal(client.get("/api/v1/me/"))
    assert_mfa_refusal(client.get("/api/v1/places/buckinghamshire/memberships/"))
    invite = client.post(
        "/api/v1/places/buckinghamshire/invitations/",
        {"email": "new-admin@example.org", "role": Role.PLACE_ADMIN},
        content_type="application/json",
    )
    assert_mfa_refusal(invite)
    assert not Invitation.objects.for_place(bucks).filter(email="new-admin@example.org").exists()


def test_a_token_made_before_mfa_was_required_stops_working(bucks, admin_of, settings):
    admin = admin_of(bucks)
    token = api_token(admin)  # made while the requirement was off
    settings.MFA_REQUIRED_FOR_ADMINS = True
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert_mfa_refusal(api.get("/api/v1/me/"))
    assert_mfa_refusal(api.get("/api/v1/places/buckinghamshire/memberships/"))

    TOTP.activate(admin, generate_totp_secret())  # once it is set up, the token works again
    assert api.get("/api/v1/me/").status_code == 200


def test_a_partner_key_whose_maker_owes_mfa_does_not_work(bucks, admin_of, settings):
    admin = admin_of(bucks)
    _row, key = partner_key_create(place=bucks, actor=admin, name="Council CRM", scopes=["read"])
    settings.MFA_REQUIRED_FOR_ADMINS = True
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert_mfa_refusal(
        api.get("/api/v1/places/buckinghamshire/memberships/"),
        "The person who made this API key needs two-factor authentication: until they sign in "
        "with a browser and set up an authenticator app, their keys do not work.",
    )


def test_the_account_pages_other_than_set_up_are_closed_too(
    client, bucks, admin_of, password, mfa_required
):
    admin = admin_of(bucks)
    client.post("/accounts/login/", {"login": admin.email, "password": password})
    for path in ("/accounts/email/", "/accounts/api-tokens/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/2fa/totp/activate/"), path
    # Signing out stays open.
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/api/v1/me/").status_code in (401, 403)


def test_the_admin_site_sign_in_asks_for_the_code_too(client, db, password, mfa_required):
    from tests.support.factories import UserFactory

    staff = UserFactory(is_staff=True, is_superuser=True)
    TOTP.activate(staff, generate_totp_secret())
    response = client.post(
        "/admin/login/?next=/admin/", {"username": staff.email, "password": password}
    )
    # Sent to the product's own sign-in, which asks for the authenticator code.
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get("/admin/").status_code == 302
    assert client.get("/api/v1/me/").status_code in (401, 403)


def test_a_person_between_password_and_code_is_not_signed_in_anywhere(
    client, bucks, admin_of, password, mfa_required
):
    admin = admin_of(bucks)
    TOTP.activate(admin, generate_totp_secret())
    response = client.post("/accounts/login/", {"login": admin.email, "password": password})
    assert response["Location"].startswith("/accounts/2fa/authenticate/")

    assert client.get("/api/v1/me/").status_code in (401, 403)
    assert client.get("/api/v1/places/buckinghamshire/memberships/").status_code in (401, 403)
    assert client.get("/admin/").status_code == 302
    assert client.get("/buckinghamshire/members/").status_code == 302
