"""Signing up, verifying the email address, signing in and resetting a password (django-allauth)."""

import re

from django.core import mail
from django.urls import reverse

from coordination.accounts.models import User
from tests.support.factories import UserFactory


def _link(message):
    return re.search(r"https?://[^\s]+", message.body).group(0)


def test_sign_up_requires_verifying_the_email_address(client, db):
    # An address of its own: allauth sends one confirmation per address in three minutes, counted
    # in the cache this test process shares with the tests that sign "ada@" in.
    response = client.post(
        reverse("account_signup"),
        {
            "name": "Ada Resident",
            "email": "ada.signs.up@example.org",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "accept_terms": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="ada.signs.up@example.org")
    assert user.name == "Ada Resident"
    # Not signed in until the address is verified.
    assert "_auth_user_id" not in client.session
    (message,) = mail.outbox
    assert message.to == ["ada.signs.up@example.org"]
    confirm = _link(message)
    response = client.post(confirm.replace("http://testserver", ""))
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_up_form_errors_are_shown_by_field(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "name": "",
            "email": "not-an-email",
            "password1": "short",
            "password2": "different",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter an email address in the correct format, like name@example.com" in page
    assert 'value="not-an-email"' in page


def test_a_second_sign_up_with_the_same_email_is_told_by_email_without_revealing_the_account(
    client, db
):
    UserFactory(email="taken@example.org")
    response = client.post(
        reverse("account_signup"),
        {
            "name": "Someone",
            "email": "taken@example.org",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "accept_terms": "on",
        },
    )
    # The page says the same as for a new address, so nobody can probe who has an account...
    assert response.status_code == 302
    assert User.objects.filter(email="taken@example.org").count() == 1
    # ...and the owner of the address is told, clearly, that they already have one.
    (message,) = mail.outbox
    assert message.to == ["taken@example.org"]
    assert "already" in message.body.lower()


def test_sign_in_with_email_and_password(client, db, password):
    user = UserFactory(email="leader@example.org")
    response = client.post(
        reverse("account_login"), {"login": "leader@example.org", "password": password}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_gets_a_clear_error(client, db):
    UserFactory(email="leader@example.org")
    response = client.post(
        reverse("account_login"), {"login": "leader@example.org", "password": "nope"}
    )
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_password_reset_sends_a_working_link(client, db):
    UserFactory(email="forgetful@example.org")
    client.post(reverse("account_reset_password"), {"email": "forgetful@example.org"})
    (message,) = mail.outbox
    reset_page = client.get(_link(message).replace("http://testserver", ""), follow=True)
    assert reset_page.status_code == 200
    response = client.post(
        reset_page.redirect_chain[-1][0]
        if reset_page.redirect_chain
        else reset_page.request["PATH_INFO"],
        {"password1": "another-long-passphrase", "password2": "another-long-passphrase"},
    )
    assert response.status_code == 302
    assert User.objects.get(email="forgetful@example.org").check_password("another-long-passphrase")


def test_totp_two_factor_set_up_is_available(client, db, password):
    UserFactory(email="careful@example.org")
    client.post(reverse("account_login"), {"login": "careful@example.org", "password": password})
    # Turning on two-factor authentication asks for the password again first.
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(response["Location"], {"password": password})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    page = response.content.decode()
    # The page offers a secret to add to an authenticator app and asks for a code from it.
    assert 'name="code"' in page
    assert re.search(r"[A-Z2-7]{16,}", page)
