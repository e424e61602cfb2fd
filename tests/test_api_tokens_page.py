"""The account page where people see their personal API tokens and revoke them."""

from datetime import datetime, timedelta

from django.utils import timezone
from rest_framework.test import APIClient

from coordination.accounts.models import ApiToken
from coordination.accounts.tokens import api_token_issue
from tests.support.factories import UserFactory

URL = "/accounts/api-tokens/"


def test_a_person_sees_their_tokens_and_when_they_expire(client, settings, db):
    settings.API_TOKEN_LIFETIME_DAYS = 90
    person = UserFactory()
    row, key = api_token_issue(user=person)
    made = timezone.make_aware(datetime(2026, 3, 1, 9, 30))
    ApiToken.objects.filter(pk=row.pk).update(created_at=made, expires_at=made + timedelta(days=90))
    second, _key = api_token_issue(user=person)
    api_token_issue(user=UserFactory())  # someone else's
    client.force_login(person)

    page = client.get(URL)
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    text = page.content.decode()
    assert "Your API tokens" in text
    assert text.count('<h2 class="govuk-summary-card__title">') == 2
    assert f"Token starting <code>ipt_{row.prefix}</code>" in text
    assert f"ipt_{second.prefix}" in text
    assert key not in text  # the whole token is never shown again
    assert "1 March 2026, 09:30" in text and "30 May 2026, 09:30" in text  # made, and expires
    assert "Never" in text  # not used yet
    assert "90 days after it was made" in text


def test_revoking_a_token_stops_it_working(client, db):
    person = UserFactory()
    row, key = api_token_issue(user=person)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/me/").status_code == 200
    client.force_login(person)

    response = client.post(f"{URL}{row.pk}/revoke/", follow=True)
    assert response.redirect_chain[-1][0] == URL
    assert "The token is revoked: it no longer works." in response.content.decode()
    assert "You have no API tokens." in response.content.decode()
    assert api.get("/api/v1/me/").status_code == 401


def test_nobody_revokes_someone_elses_token(client, db):
    other, _key = api_token_issue(user=UserFactory())
    client.force_login(UserFactory())
    response = client.post(f"{URL}{other.pk}/revoke/", follow=True)
    assert "That token has been revoked already." in response.content.decode()
    assert ApiToken.objects.filter(pk=other.pk).exists()
    assert client.get(f"{URL}{other.pk}/revoke/").status_code == 405


def test_an_expired_token_is_marked_expired(client, db):
    person = UserFactory()
    row, _key = api_token_issue(user=person)
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() - timedelta(days=1))
    client.force_login(person)
    text = client.get(URL).content.decode()
    assert 'govuk-tag--grey">Expired</strong>' in text


def test_the_page_needs_a_signed_in_person(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.post(f"{URL}1/revoke/").status_code == 302
