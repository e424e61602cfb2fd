"""The account page where people see their personal API tokens and revoke them."""

from datetime import datetime, timedelta

from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory

URL = "/accounts/api-tokens/"


def test_a_person_sees_their_token_and_when_it_expires(client, settings, db):
    settings.API_TOKEN_LIFETIME_DAYS = 90
    person = UserFactory()
    token = Token.objects.create(user=person)
    Token.objects.filter(pk=token.pk).update(
        created=timezone.make_aware(datetime(2026, 3, 1, 9, 30))
    )
    client.force_login(person)

    page = client.get(URL)
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    text = page.content.decode()
    assert "Your API tokens" in text
    assert f"Token starting <code>{token.key[:8]}</code>" in text
    assert token.key not in text  # the whole key is never shown again
    assert "1 March 2026" in text and "30 May 2026" in text  # made, and expires 90 days later
    assert "90 days after it was made" in text


def test_revoking_a_token_stops_it_working(client, db):
    person = UserFactory()
    token = Token.objects.create(user=person)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/me/").status_code == 200
    client.force_login(person)

    response = client.post(f"{URL}revoke/", {"prefix": token.key[:8]}, follow=True)
    assert response.redirect_chain[-1][0] == URL
    assert f"The token starting {token.key[:8]} is revoked" in response.content.decode()
    assert "You have no API tokens." in response.content.decode()
    assert api.get("/api/v1/me/").status_code == 401


def test_nobody_revokes_someone_elses_token(client, db):
    other = Token.objects.create(user=UserFactory())
    client.force_login(UserFactory())
    response = client.post(f"{URL}revoke/", {"prefix": other.key[:8]}, follow=True)
    assert "That token has been revoked already." in response.content.decode()
    assert Token.objects.filter(pk=other.pk).exists()
    # A short or empty prefix matches nothing either.
    client.post(f"{URL}revoke/", {"prefix": ""})
    client.post(f"{URL}revoke/", {"prefix": other.key[:1]})
    assert Token.objects.filter(pk=other.pk).exists()


def test_an_expired_token_is_marked_expired(client, settings, db):
    settings.API_TOKEN_LIFETIME_DAYS = 30
    person = UserFactory()
    token = Token.objects.create(user=person)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(days=31))
    client.force_login(person)
    text = client.get(URL).content.decode()
    assert 'govuk-tag--grey">Expired</strong>' in text


def test_the_page_needs_a_signed_in_person(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.post(f"{URL}revoke/", {"prefix": "abcdefgh"}).status_code == 302
