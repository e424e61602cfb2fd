"""DATABASE_REPLICA_URL: a web node reads for anonymous visitors from the replica, and for everyone
else (signed in, an API token, any form sent) from the primary.

The "replica" here is this run's test database reached through a private PgBouncer, so what the
node reads through it can be counted (PgBouncer's transactions); the primary is the same database
reached directly.
"""

import pytest
import requests
from django.conf import settings
from django.test import Client

from coordination.accounts.models import Role
from tests.support.factories import api_token
from tests.support.pgbouncer import running_pgbouncer
from tests.support.workers import running_gunicorn

pytestmark = [pytest.mark.scaleout, pytest.mark.django_db(transaction=True)]


def test_anonymous_visitors_read_from_the_replica_and_everyone_else_from_the_primary(
    tmp_path, bucks, make_member
):
    person = make_member(bucks, Role.RESIDENT, email="reader@example.org")
    signed_in = Client()
    signed_in.force_login(person)
    cookie = {settings.SESSION_COOKIE_NAME: signed_in.cookies[settings.SESSION_COOKIE_NAME].value}
    token = {"Authorization": f"Token {api_token(person)}"}
    home = f"/{bucks.slug}/"
    services = f"/api/v1/places/{bucks.slug}/services/"

    with running_pgbouncer() as replica:
        env = {"DATABASE_REPLICA_URL": replica.database_url(), "DATABASE_POOLER": "pgbouncer"}
        with running_gunicorn(tmp_path, env=env) as (url, _master, _log):

            def read_from_replica(method, path, **kwargs):
                before = replica.transactions()
                answer = requests.request(method, url + path, timeout=20, **kwargs)
                return answer, replica.transactions() > before

            page, from_replica = read_from_replica("GET", home)
            assert page.status_code == 200 and bucks.name in page.text
            assert "Sign out" not in page.text and from_replica
            listed, from_replica = read_from_replica("GET", services)
            assert listed.status_code == 200 and from_replica

            page, from_replica = read_from_replica("GET", home, cookies=cookie)
            assert page.status_code == 200 and "Sign out" in page.text
            assert not from_replica
            listed, from_replica = read_from_replica("GET", services, headers=token)
            assert listed.status_code == 200 and not from_replica

            # A form sent by a visitor (a sign-in) reads the primary.
            browser = requests.Session()
            form = browser.get(url + "/accounts/login/", timeout=20)
            csrf = browser.cookies["csrftoken"]
            answer, from_replica = read_from_replica(
                "POST",
                "/accounts/login/",
                data={"csrfmiddlewaretoken": csrf, "login": person.email, "password": "wrong"},
                cookies=browser.cookies,
            )
            assert form.status_code == 200 and answer.status_code == 200
            assert not from_replica
