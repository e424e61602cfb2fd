"""Accepting the terms: at sign-up, and again whenever they change, before using any page."""

import pytest
from django.test import Client
from django.urls import reverse

from coordination.accounts.models import Role, User
from coordination.statements import defaults, selectors
from coordination.statements.models import Kind, StatementAcceptance
from tests.support.factories import MembershipFactory, UserFactory
from tests.support.statements import publish

SIGN_UP = {
    "name": "Ada Resident",
    "email": "ada@example.org",
    "password1": "a-long-unusual-passphrase",
    "password2": "a-long-unusual-passphrase",
}


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_sign_up_asks_to_accept_the_terms_and_links_the_privacy_notice(client, db):
    page = client.get(reverse("account_signup")).content.decode()
    assert 'href="/statements/terms/"' in page and 'href="/statements/privacy/"' in page
    assert 'name="accept_terms"' in page and "govuk-checkboxes__input" in page
    refused = client.post(reverse("account_signup"), SIGN_UP)
    assert refused.status_code == 200
    assert "Accept the terms of use to create an account" in refused.content.decode()
    assert not User.objects.filter(email="ada@example.org").exists()


def test_signing_up_records_the_acceptance(client, db):
    response = client.post(reverse("account_signup"), {**SIGN_UP, "accept_terms": "on"})
    assert response.status_code == 302
    user = User.objects.get(email="ada@example.org")
    (row,) = StatementAcceptance.objects.filter(user=user)
    assert (row.place, row.kind, row.version) == (None, Kind.TERMS, defaults.DEFAULT_TERMS_VERSION)


def test_a_person_who_has_not_accepted_is_sent_to_accept_and_then_where_they_were_going(sutton):
    person = UserFactory(accepted_terms=False)
    MembershipFactory(place=sutton, user=person, role=Role.RESIDENT)
    client = signed_in(person)
    response = client.get("/sutton/boards/?page=1")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/terms/?next=%2Fsutton%2Fboards%2F%3Fpage%3D1"
    page = client.get(response["Location"]).content.decode()
    assert defaults.DEFAULT_TERMS_CHANGES in page
    seen = selectors.fingerprint(selectors.required_terms(person))
    accepted = client.post("/accounts/terms/", {"seen": seen, "next": "/sutton/boards/?page=1"})
    assert accepted.status_code == 302 and accepted["Location"] == "/sutton/boards/?page=1"
    assert client.get("/sutton/boards/?page=1").status_code == 200


def test_the_pages_to_accept_sign_out_and_read_stay_open(sutton):
    client = signed_in(UserFactory(accepted_terms=False))
    for path in ("/accounts/terms/", "/statements/terms/", "/sutton/statements/terms/"):
        assert client.get(path).status_code == 200, path
    assert client.get("/api/v1/").status_code != 302
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_new_version_of_a_places_terms_asks_its_members_again(
    sutton, coventry, admin_of, make_member
):
    admin = admin_of(sutton)
    resident = make_member(sutton, Role.RESIDENT)
    elsewhere = make_member(coventry, Role.RESIDENT)
    client, other = signed_in(resident), signed_in(elsewhere)
    assert client.get("/sutton/").status_code == 200
    publish(sutton, admin, Kind.TERMS, body="## New terms", changes="Moderation is stricter.")
    response = client.get("/sutton/")
    assert response["Location"].startswith("/accounts/terms/")
    assert "Moderation is stricter." in client.get("/accounts/terms/").content.decode()
    assert other.get("/coventry/").status_code == 200  # not a member of Sutton: not asked
    seen = selectors.fingerprint(selectors.required_terms(resident))
    client.post("/accounts/terms/", {"seen": seen, "next": "/sutton/"})
    assert client.get("/sutton/").status_code == 200
    assert StatementAcceptance.objects.filter(user=resident, place=sutton, version=1).exists()


def test_raising_the_default_version_in_code_asks_everyone_again(sutton, make_member, monkeypatch):
    resident = make_member(sutton, Role.RESIDENT)
    client = signed_in(resident)
    assert client.get("/sutton/").status_code == 200
    monkeypatch.setattr(selectors, "DEFAULT_TERMS_VERSION", defaults.DEFAULT_TERMS_VERSION + 1)
    monkeypatch.setattr(selectors, "DEFAULT_TERMS_CHANGES", "Clearer words on moderation.")
    assert client.get("/sutton/")["Location"].startswith("/accounts/terms/")
    assert "Clearer words on moderation." in client.get("/accounts/terms/").content.decode()


def test_accepting_terms_that_changed_while_the_page_was_open_shows_them_again(
    sutton, admin_of, make_member
):
    resident = make_member(sutton, Role.RESIDENT)
    publish(sutton, admin_of(sutton), Kind.TERMS)
    client = signed_in(resident)
    stale = client.post("/accounts/terms/", {"seen": "0:1", "next": "/sutton/"})
    assert stale.status_code == 200
    assert "The terms have just changed again" in stale.content.decode()
    assert not StatementAcceptance.objects.filter(user=resident, place=sutton).exists()


@pytest.mark.parametrize(
    "wanted", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_next_must_be_an_address_on_this_site(sutton, wanted):
    client = signed_in(UserFactory(accepted_terms=False))
    seen = selectors.fingerprint(selectors.required_terms(User.objects.latest("pk")))
    response = client.post("/accounts/terms/", {"seen": seen, "next": wanted})
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_signed_in_page_costs_one_query_once_accepted(sutton, make_member):
    """The middleware reads which terms are current (one query); the person's acceptances only
    when those changed since their session last found them accepted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(make_member(sutton, Role.RESIDENT))
    client.get("/sutton/")  # the first page finds the terms accepted and says so in the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sutton/").status_code == 200
    ours = [q["sql"] for q in queries.captured_queries if '"statements_' in q["sql"]]
    assert len(ours) == 1 and "statements_statementversion" in ours[0], ours
