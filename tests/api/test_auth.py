"""Personal API tokens and how authentication failures look."""

import io
import re
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from coordination.accounts.models import ApiToken, Role
from coordination.api.keys import hash_key
from tests.support.api_errors import error_of
from tests.support.factories import UserFactory, api_token

TOKEN_URL = "/api/v1/auth/token/"


def test_email_and_password_give_a_token_that_works(api, password, db):
    person = UserFactory(email="ada@example.org", name="Ada")
    response = api.post(TOKEN_URL, {"email": "Ada@Example.org", "password": password})
    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "no-store"
    token = response.json()["token"]
    assert token.startswith("ipt_")
    # Only its hash is kept.
    stored = ApiToken.objects.get(user=person)
    assert stored.key_hash == hash_key(token) and token not in str(stored.__dict__)

    # Asking again makes another token; both work.
    again = api.post(TOKEN_URL, {"email": "ada@example.org", "password": password}).json()["token"]
    assert again != token and ApiToken.objects.filter(user=person).count() == 2

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
    assert not ApiToken.objects.exists()


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
    assert not ApiToken.objects.filter(user=admin).exists()

    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    right = api.post(TOKEN_URL, {**credentials, "code": code})
    assert right.status_code == 200, right.content
    assert ApiToken.objects.get(user=admin).key_hash == hash_key(right.json()["token"])
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
    assert not ApiToken.objects.filter(user=admin).exists()
    # Others are not asked for a second step.
    leader = make_member(bucks, Role.CHARITY_LEADER)
    assert api.post(TOKEN_URL, {"email": leader.email, "password": password}).status_code == 200


def test_a_token_works_until_deleted_or_its_person_deactivated(api, db):
    # The database is asked on every request: a change shows on the very next one.
    person = UserFactory(email="ada@example.org")
    token = api_token(person)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").json()["email"] == "ada@example.org"

    person.is_active = False
    person.save()
    refused = api.get("/api/v1/me/")
    assert refused.status_code == 401
    assert error_of(refused)["message"] == "User inactive or deleted."

    person.is_active = True
    person.save()
    assert api.get("/api/v1/me/").status_code == 200
    ApiToken.objects.filter(user=person).delete()
    refused = api.get("/api/v1/me/")
    assert refused.status_code == 401
    assert error_of(refused)["message"] == "Invalid token."

    other = api_token(UserFactory(email="grace@example.org"))
    api.credentials(HTTP_AUTHORIZATION=f"Token {other}")
    assert api.get("/api/v1/me/").json()["email"] == "grace@example.org"


def test_a_token_expires_after_its_lifetime(api, password, settings, db):
    settings.API_TOKEN_LIFETIME_DAYS = 30
    person = UserFactory(email="ada@example.org")
    token = api.post(TOKEN_URL, {"email": person.email, "password": password}).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").status_code == 200

    assert ApiToken.objects.get(user=person).expires_at - timezone.now() > timedelta(days=29)
    ApiToken.objects.filter(user=person).update(expires_at=timezone.now() - timedelta(seconds=1))
    refused = api.get("/api/v1/me/")
    assert refused.status_code == 401
    assert error_of(refused)["message"] == (
        "This token has expired. Ask for a new one (POST /api/v1/auth/token/) and use that instead."
    )

    # A new token works.
    api.credentials()
    fresh = api.post(TOKEN_URL, {"email": person.email, "password": password}).json()["token"]
    assert fresh != token
    api.credentials(HTTP_AUTHORIZATION=f"Token {fresh}")
    assert api.get("/api/v1/me/").status_code == 200


def token_of(person):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(person)}")
    assert client.get("/api/v1/me/").status_code == 200
    return client


def assert_token_ended(client):
    refused = client.get("/api/v1/me/")
    assert refused.status_code == 401
    assert error_of(refused)["message"] == "Invalid token."


def test_changing_the_password_ends_the_token(client, password, db):
    person = UserFactory(email="ada@example.org")
    token_client = token_of(person)
    client.force_login(person)
    changed = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": password,
            "password1": "a-new-long-passphrase",
            "password2": "a-new-long-passphrase",
        },
    )
    assert changed.status_code == 302, changed.content
    assert_token_ended(token_client)


def test_resetting_the_password_ends_the_token(client, db):
    from django.core import mail

    person = UserFactory(email="ada@example.org")
    token_client = token_of(person)
    client.post("/accounts/password/reset/", {"email": person.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body)
    form = client.get(link.group(1), follow=True)
    set_url = form.redirect_chain[-1][0] if form.redirect_chain else link.group(1)
    reset = client.post(
        set_url, {"password1": "a-new-long-passphrase", "password2": "a-new-long-passphrase"}
    )
    assert reset.status_code == 302, reset.content
    assert_token_ended(token_client)


def test_an_admin_setting_the_password_ends_the_token(client, db):
    person = UserFactory(email="ada@example.org")
    token_client = token_of(person)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        f"/admin/accounts/user/{person.pk}/password/",
        {
            "password1": "a-new-long-passphrase",
            "password2": "a-new-long-passphrase",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content
    assert_token_ended(token_client)


def test_the_changepassword_command_ends_the_token(db, monkeypatch):
    person = UserFactory(email="ada@example.org")
    token_client = token_of(person)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "a-new-long-passphrase")
    call_command("changepassword", person.email, stdout=io.StringIO())
    assert_token_ended(token_client)


def test_other_changes_to_the_person_keep_the_token(db):
    person = UserFactory(email="ada@example.org")
    token_client = token_of(person)
    person.name = "Ada Lovelace"
    person.save()
    assert token_client.get("/api/v1/me/").status_code == 200


def test_a_token_of_the_right_shape_but_wrong_secret_is_refused(api, db):
    token = api_token(UserFactory())
    forged = token[: token.rindex("_") + 1] + "x" * 43
    api.credentials(HTTP_AUTHORIZATION=f"Token {forged}")
    refused = api.get("/api/v1/me/")
    assert refused.status_code == 401
    assert error_of(refused)["message"] == "Invalid token."


def test_using_a_token_records_when(api, db):
    person = UserFactory()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(person)}")
    assert ApiToken.objects.get(user=person).last_used_at is None
    api.get("/api/v1/me/")
    assert ApiToken.objects.get(user=person).last_used_at is not None


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
    assert not ApiToken.objects.filter(user=admin).exists()
