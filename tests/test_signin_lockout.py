"""One lockout per account, whichever way the password is tried, and client addresses that a
caller cannot make up (TRUSTED_PROXY_COUNT).

Rate-limit counts live in the cache (Redis when REDIS_URL is set), so each test starts afresh.
"""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from coordination.client_address import client_address
from tests.support.factories import UserFactory

TOKEN_URL = "/api/v1/auth/token/"
LOCKED = "Too many failed sign-in attempts for this account or from this address."
ALLAUTH_LOCKED = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def person(db):
    return UserFactory(email="ada@example.org")


def browser_sign_in(client, password, **extra):
    return client.post(
        reverse("account_login"), {"login": "ada@example.org", "password": password}, **extra
    )


def token(password, **extra):
    return APIClient().post(
        TOKEN_URL, {"email": "ada@example.org", "password": password}, format="json", **extra
    )


# The one lockout ----------------------------------------------------------------------------


def test_wrong_passwords_at_the_token_endpoint_lock_the_browser_sign_in(client, person, password):
    for attempt in range(5):
        assert token(f"guess-{attempt}").status_code == 400
    response = browser_sign_in(client, password)
    assert response.status_code == 200
    assert ALLAUTH_LOCKED in response.text
    assert "_auth_user_id" not in client.session


def test_a_locked_account_gets_no_token_even_with_the_right_password(client, person, password):
    for attempt in range(5):
        assert browser_sign_in(client, f"guess-{attempt}").status_code == 200
    right, wrong = token(password), token("another-guess")
    assert right.status_code == wrong.status_code == 429
    # The same answer either way: nothing says whether the password was right.
    assert right.json() == wrong.json()
    assert right.json()["error"]["code"] == "throttled"
    assert right.json()["error"]["message"].startswith(LOCKED)
    assert "token" not in right.json()


def test_a_successful_sign_in_does_not_wipe_earlier_failures(client, person, password):
    for attempt in range(4):
        token(f"guess-{attempt}")
    assert token(password).status_code == 200  # taken back off: still 4 failures counted
    assert token("one-more-guess").status_code == 400
    assert token(password).status_code == 429


def test_changing_the_host_header_does_not_reset_the_lockout(client, person, password):
    # Every port passes ALLOWED_HOSTS; the count is the account's, whatever host was asked.
    for attempt in range(5):
        browser_sign_in(client, f"guess-{attempt}", HTTP_HOST=f"testserver:{8000 + attempt}")
    response = browser_sign_in(client, password, HTTP_HOST="testserver:9999")
    assert ALLAUTH_LOCKED in response.text
    assert "_auth_user_id" not in client.session


def test_wrong_current_passwords_on_the_change_password_form_count_too(client, person, password):
    client.force_login(person)
    for attempt in range(5):
        response = client.post(
            reverse("account_change_password"),
            {
                "oldpassword": f"guess-{attempt}",
                "password1": "a-new-long-passphrase",
                "password2": "a-new-long-passphrase",
            },
        )
        assert response.status_code == 200
        assert "Please type your current password" in response.text
    person.refresh_from_db()
    assert person.check_password(password)
    assert token(password).status_code == 429
    client.logout()
    assert ALLAUTH_LOCKED in browser_sign_in(client, password).text


def test_wrong_passwords_at_re_authentication_count_too(client, person, password):
    client.force_login(person)
    for attempt in range(5):
        client.post(reverse("account_reauthenticate"), {"password": f"guess-{attempt}"})
    assert token(password).status_code == 429


def test_the_admin_has_no_password_form_of_its_own(client, db, password):
    UserFactory(email="staff@example.org", is_staff=True, is_superuser=True)
    page = client.get("/admin/login/?next=/admin/")
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("account_login"))
    posted = client.post(
        "/admin/login/?next=/admin/", {"username": "staff@example.org", "password": password}
    )
    assert posted.status_code == 302 and posted["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


# Client addresses ---------------------------------------------------------------------------


@pytest.fixture
def token_budget_of_three(monkeypatch):
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "auth_token": "3/min", "anon": "1000/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


def test_a_made_up_forwarded_for_header_does_not_reset_the_token_throttle(
    db, token_budget_of_three
):
    statuses = [
        APIClient()
        .post(
            TOKEN_URL,
            {"email": f"nobody{n}@example.org", "password": "guess"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
        .status_code
        for n in range(5)
    ]
    assert statuses == [400, 400, 400, 429, 429]


@pytest.fixture
def one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}


def test_behind_a_trusted_proxy_its_client_address_is_the_one_throttled(
    db, token_budget_of_three, one_proxy
):
    def ask(n, forwarded_for):
        return (
            APIClient()
            .post(
                TOKEN_URL,
                {"email": f"nobody{n}@example.org", "password": "guess"},
                format="json",
                HTTP_X_FORWARDED_FOR=forwarded_for,
            )
            .status_code
        )

    # The client prepends what it likes; the proxy appends the address it saw.
    assert [ask(n, f"10.0.0.{n}, 203.0.113.7") for n in range(4)] == [400, 400, 400, 429]
    assert ask(9, "203.0.113.8") == 400  # someone else behind the same proxy


@pytest.mark.parametrize(
    ("count", "forwarded_for", "expected"),
    [
        (0, None, "192.0.2.1"),
        (0, "203.0.113.7", "192.0.2.1"),  # no proxy: the header is anyone's to write
        (1, None, "192.0.2.1"),
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "10.9.9.9, 203.0.113.7", "203.0.113.7"),
        (2, "10.9.9.9, 203.0.113.7, 198.51.100.2", "203.0.113.7"),
        (2, "203.0.113.7", "203.0.113.7"),  # fewer than expected: as DRF's throttles read it
        (1, "not an address", "192.0.2.1"),
        (1, " 2001:DB8::1 ", "2001:db8::1"),
    ],
)
def test_client_address(settings, count, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = count
    extra = {"REMOTE_ADDR": "192.0.2.1"}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    assert client_address(RequestFactory().get("/", **extra)) == expected


def test_one_address_guessing_at_many_accounts_is_stopped_too(db, password):
    UserFactory(email="ada@example.org")
    # allauth's 10 a minute from one address, whichever accounts are tried.
    statuses = [token(f"guess-{n}", REMOTE_ADDR="203.0.113.50").status_code for n in range(3)]
    statuses += [
        APIClient()
        .post(
            TOKEN_URL,
            {"email": f"someone{n}@example.org", "password": "guess"},
            format="json",
            REMOTE_ADDR="203.0.113.50",
        )
        .status_code
        for n in range(8)
    ]
    assert statuses == [400] * 10 + [429]
    assert token(password, REMOTE_ADDR="203.0.113.51").status_code == 200  # someone else


def test_wrong_passwords_on_the_close_account_form_count_too(client, person, password):
    client.force_login(person)
    for attempt in range(5):
        response = client.post(
            reverse("account_close"), {"password": f"guess-{attempt}", "confirm": "on"}
        )
        assert response.status_code == 200
        assert "Enter your password correctly" in response.text
    locked = client.post(reverse("account_close"), {"password": password, "confirm": "on"})
    assert ALLAUTH_LOCKED in locked.text
    person.refresh_from_db()
    assert not person.is_closed
    assert token(password).status_code == 429
