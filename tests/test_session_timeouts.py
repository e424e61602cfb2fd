"""A session ends after an hour without activity, and twelve hours after signing in regardless."""

import time

import pytest
from django.urls import reverse

from coordination.accounts.middleware import LAST_SEEN, SIGNED_IN
from coordination.accounts.models import Role


@pytest.fixture
def signed_in(client, bucks, make_member):
    client.force_login(make_member(bucks, Role.PLACE_ADMIN))
    return client


def shift_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def members_url():
    return reverse("places:member_list", kwargs={"place_slug": "buckinghamshire"})


def test_an_active_person_stays_signed_in(signed_in):
    assert signed_in.get(members_url()).status_code == 200
    shift_session(signed_in, inplace_last_seen=59 * 60)
    assert signed_in.get(members_url()).status_code == 200
    assert time.time() - signed_in.session[LAST_SEEN] < 5  # the request counted as activity


def test_an_hour_idle_signs_out_and_says_why(signed_in):
    signed_in.get(members_url())
    shift_session(signed_in, inplace_last_seen=61 * 60)

    response = signed_in.get(members_url(), follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("account_login") + "?next=")
    page = response.content.decode()
    assert "You were signed out after 60 minutes without activity." in page
    assert "_auth_user_id" not in signed_in.session


def test_twelve_hours_after_signing_in_the_session_ends_however_active(signed_in):
    signed_in.get(members_url())
    shift_session(signed_in, inplace_signed_in_at=12 * 3600 + 1, inplace_last_seen=10)

    response = signed_in.get(members_url(), follow=True)

    assert "You were signed out because you signed in 12 hours ago." in response.content.decode()
    assert SIGNED_IN not in signed_in.session
