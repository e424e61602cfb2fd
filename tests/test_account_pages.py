"""Every account page a person reaches (sign in and out, sign up, passwords, email addresses,
two-factor authentication, confirming who they are) is a GOV.UK page of the site: one
``govuk-heading-l`` heading in sentence case, GOV.UK buttons, and no placeholders."""

import re

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from coordination.accounts.models import Role
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db

H1 = re.compile(r"<h1 class=\"([^\"]*)\">\s*(.*?)\s*</h1>", re.S)
# Buttons, and links that look like buttons (role="button").
BUTTON = re.compile(r"<button\b[^>]*>|<a\b[^>]*role=\"button\"[^>]*>", re.S)
# Words that keep their capital inside a sentence.
PROPER = {"InPlace", "API", "I"}


def sentence_case(text):
    words = re.sub(r"<[^>]+>", "", text).split()
    return (
        bool(words)
        and words[0][0].isupper()
        and all(
            w[0].islower() or not w[0].isalpha() or w.strip(",.?:") in PROPER for w in words[1:]
        )
    )


def check(response, *, buttons=True):
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    headings = H1.findall(page)
    assert len(headings) == 1, headings
    classes, text = headings[0]
    assert "govuk-heading-l" in classes or "govuk-fieldset__heading" in classes, classes
    assert sentence_case(text), text
    assert "placeholder" not in page
    main = page.split('id="main-content"', 1)[1]
    if buttons:
        found = BUTTON.findall(main)
        assert found, "no button"
        for tag in found:
            assert "govuk-button" in tag or "inplace-link-button" in tag, tag
    return page, text


@pytest.fixture
def person(password):
    return UserFactory(email="reader@example.org")


@pytest.fixture
def signed_in(client, person, password):
    client.post(reverse("account_login"), {"login": person.email, "password": password})
    client.post(reverse("account_reauthenticate"), {"password": password})
    return client


ANONYMOUS_PAGES = {
    "account_login": "Sign in",
    "account_signup": "Create an account",
    "account_reset_password": "Reset your password",
    "account_reset_password_done": "Check your email",
    "account_email_verification_sent": "Check your email",
}


@pytest.mark.parametrize(("name", "title"), ANONYMOUS_PAGES.items())
def test_pages_for_people_not_signed_in(client, name, title):
    _page, text = check(
        client.get(reverse(name)),
        buttons=name not in {"account_reset_password_done", "account_email_verification_sent"},
    )
    assert text == title


SIGNED_IN_PAGES = {
    "account_logout": "Sign out",
    "account_change_password": "Change your password",
    "account_email": "Email addresses",
    "account_reauthenticate": "Confirm it is you",
    "mfa_index": "Two-factor authentication",
    "mfa_activate_totp": "Set up an authenticator app",
    "account_profile": "Your profile",
}


@pytest.mark.parametrize(("name", "title"), SIGNED_IN_PAGES.items())
def test_pages_for_people_signed_in(signed_in, name, title):
    _page, text = check(signed_in.get(reverse(name)))
    assert text == title


def test_the_password_reset_link_pages(client, person):
    key = default_token_generator.make_token(person)
    url = reverse(
        "account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(person), "key": key}
    )
    response = client.get(url, follow=True)
    _page, text = check(response)
    assert text == "Choose a new password"
    _page, text = check(client.get(reverse("account_reset_password_from_key_done")), buttons=False)
    assert text == "Your password is changed"
    # A link that does not work says so, in the same layout.
    response = client.get(url.replace(key, "1-wrong"), follow=True)
    _page, text = check(response, buttons=False)
    assert text == "This link does not work"


def test_the_email_confirmation_page(client):
    newcomer = UserFactory(email="new@example.org", verified=False)
    address = EmailAddress.objects.get(user=newcomer, email="new@example.org", verified=False)
    key = EmailConfirmationHMAC(address).key
    _page, text = check(client.get(reverse("account_confirm_email", kwargs={"key": key})))
    assert text == "Confirm your email address"
    _page, text = check(
        client.get(reverse("account_confirm_email", kwargs={"key": "wrong"})), buttons=False
    )
    assert text == "This link does not work"


def test_the_two_factor_pages_once_set_up(signed_in, person, client, password):
    TOTP.activate(person, generate_totp_secret())
    RecoveryCodes.activate(person)
    for name, title in {
        "mfa_deactivate_totp": "Turn off the authenticator app",
        "mfa_view_recovery_codes": "Recovery codes",
        "mfa_generate_recovery_codes": "Make new recovery codes",
    }.items():
        response = signed_in.get(reverse(name), follow=True)
        _page, text = check(response)
        assert text == title, name
    # Signing in again asks for a code from the app.
    signed_in.logout()
    response = client.post(reverse("account_login"), {"login": person.email, "password": password})
    _page, text = check(client.get(response["Location"]))
    assert text == "Enter a code from your authenticator app"


def test_a_place_admin_without_two_factor_is_asked_to_set_it_up_on_a_govuk_page(
    client, settings, bucks, make_member, password
):
    settings.MFA_REQUIRED_FOR_ADMINS = True
    admin = make_member(bucks, Role.PLACE_ADMIN)
    client.post(reverse("account_login"), {"login": admin.email, "password": password})
    response = client.get(reverse("places:member_list", kwargs={"place_slug": bucks.slug}))
    response = client.get(response["Location"], follow=True)
    _page, text = check(response)
    if text == "Confirm it is you":  # the password again first, then the set-up
        response = client.post(
            response.request["PATH_INFO"] + "?" + response.request["QUERY_STRING"],
            {"password": password},
            follow=True,
        )
        _page, text = check(response)
    assert text == "Set up an authenticator app"


def test_the_sign_in_form_in_tab_order_and_without_placeholders(client):
    page = client.get(reverse("account_login")).content.decode()
    form = page.split('action="/accounts/login/"', 1)[1].split("</form>", 1)[0]
    order = [
        form.index('name="login"'),
        form.index('name="password"'),
        form.index(">Forgot your password?</a>"),
        form.index('name="remember"'),
        form.index(">Sign in</button>"),
    ]
    assert order == sorted(order)
    assert "Remember me" in form
    assert "placeholder" not in form
    assert 'type="email"' in form and 'autocomplete="email"' in form
    assert 'autocomplete="current-password"' in form
