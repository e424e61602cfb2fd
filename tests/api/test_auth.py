"""Personal API tokens and how authentication failures look."""

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from rest_framework.authtoken.models import Token

from coordination.accounts.models import Role
from tests.factories import UserFactory

from .errors import error_of

TOKEN_URL = "/api/v1/auth/token/"


def test_email_and_password_give_a_token_that_works(api, password, db):
    person = UserFactory(email="ada@example.org", name="Ada")
    response = api.post(TOKEN_URL, {"email": "Ada@Example.org", "password": password})
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    assert token == Token.objects.get(user=person).key

    # The same token each time.
    assert (
        api.post(TOKEN_URL, {"email": "ada@example.org", "password": password}).json()["token"]
        == token
    )

    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["email"] == "ada@example.org"


def test_wrong_password_and_unknown_email_get_the_same_answer(api, password, db):
    UserFactory(email="ada@example.org")
    wrong_password = api.post(
        TOKEN_URL, {"email": "ada@example.org", "password": "not-the-password"}
    )
    unknown_email = api.post(TOKEN_URL, {"email": "nobody@example.org", "password": password})
    assert wrong_password.status_code == unknown_email.status_code == 400
    assert error_of(wrong_password) == error_of(unknown_email)
    assert (
        error_of(wrong_password)["message"]
        == "The email address and password do not match an account."
    )
    assert not Token.objects.exists()


def test_an_unconfirmed_address_gets_no_token(api, password, db):
    person = UserFactory(email="new@example.org")
    EmailAddress.objects.filter(user=person).update(verified=False)
    response = api.post(TOKEN_URL, {"email": "new@example.org", "password": password})
    assert response.status_code == 400
    assert "Confirm your email address" in error_of(response)["message"]


def test_missing_fields_are_field_errors(api, db):
    response = api.post(TOKEN_URL, {"email": "not-an-email"})
    assert response.status_code == 400
    assert set(error_of(response)["fields"]) == {"email", "password"}


def test_a_bad_token_is_401(api, db):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = api.get("/api/v1/places/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert error_of(response)["code"] == "authentication_failed"


def test_session_authentication_works_for_the_browser(client, db):
    person = UserFactory(email="ada@example.org")
    client.force_login(person)
    response = client.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["email"] == "ada@example.org"


def test_an_account_with_two_factor_authentication_needs_its_code_for_a_token(
    api, password, bucks, admin_of, settings
):
    settings.MFA_REQUIRED_FOR_ADMINS = True
    admin = admin_of(bucks)
    secret = generate_totp_secret()
    TOTP.activate(admin, secret)
    credentials = {"email": admin.email, "password": password}

    without = api.post(TOKEN_URL, credentials)
    assert without.status_code == 400
    assert error_of(without)["fields"] == {
        "code": [
            "This account uses two-factor authentication: send the code from its authenticator app."
        ]
    }
    wrong = api.post(TOKEN_URL, {**credentials, "code": "000000"})
    assert wrong.status_code == 400 and set(error_of(wrong)["fields"]) == {"code"}
    assert not Token.objects.filter(user=admin).exists()

    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    right = api.post(TOKEN_URL, {**credentials, "code": code})
    assert right.status_code == 200, right.content
    assert right.json()["token"] == Token.objects.get(user=admin).key
    # A code works once: someone who saw it go by cannot use it again.
    again = api.post(TOKEN_URL, {**credentials, "code": code})
    assert again.status_code == 400 and set(error_of(again)["fields"]) == {"code"}


def test_an_admin_without_two_factor_authentication_gets_no_token(
    api, password, bucks, admin_of, make_member, settings
):
    settings.MFA_REQUIRED_FOR_ADMINS = True
    admin = admin_of(bucks)
    response = api.post(TOKEN_URL, {"email": admin.email, "password": password})
    assert response.status_code == 400
    assert "set up an authenticator app" in error_of(response)["message"]
    assert not Token.objects.filter(user=admin).exists()
    # Others are not asked for a second step.
    leader = make_member(bucks, Role.CHARITY_LEADER)
    assert api.post(TOKEN_URL, {"email": leader.email, "password": password}).status_code == 200


def test_a_token_works_until_deleted_or_its_person_deactivated(api, db):
    # The token lookup is compiled once (coordination.api.authentication), but the database is
    # still asked on every request: a change shows on the very next one.
    person = UserFactory(email="ada@example.org")
    token = Token.objects.create(user=person)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/me/").json()["email"] == "ada@example.org"

    person.is_active = False
    person.save()
    refused = api.get("/api/v1/me/")
    assert refused.status_code == 401
    assert error_of(refused)["message"] == "User inactive or deleted."

    person.is_active = True
    person.save()
    assert api.get("/api/v1/me/").status_code == 200
    token.delete()
    refused = api.get("/api/v1/me/")
    assert refused.status_code == 401
    assert error_of(refused)["message"] == "Invalid token."

    other = Token.objects.create(user=UserFactory(email="grace@example.org"))
    api.credentials(HTTP_AUTHORIZATION=f"Token {other.key}")
    assert api.get("/api/v1/me/").json()["email"] == "grace@example.org"


def test_wrong_two_factor_codes_lock_the_token_endpoint_as_the_browser_step_does(
    api, password, bucks, admin_of, settings
):
    settings.MFA_REQUIRED_FOR_ADMINS = True
    admin = admin_of(bucks)
    secret = generate_totp_secret()
    TOTP.activate(admin, secret)
    credentials = {"email": admin.email, "password": password}
    for wrong in ("000000", "111111", "222222", "333333", "444444"):
        assert api.post(TOKEN_URL, {**credentials, "code": wrong}).status_code == 400
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    locked = api.post(TOKEN_URL, {**credentials, "code": code})
    assert locked.status_code == 429
    assert error_of(locked)["code"] == "throttled"
    assert not Token.objects.filter(user=admin).exists()
