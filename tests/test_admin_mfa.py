"""Place admins must use two-factor authentication; other people are not asked to."""

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from coordination.accounts.models import Role


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
    # Signing out and the API stay reachable.
    assert client.get("/api/v1/places/").status_code == 200


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
