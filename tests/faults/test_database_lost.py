"""The database connection dropped: people see the 503 page, partner systems a 503 in the API's
error shape, both with Retry-After, and a write that was half done leaves nothing behind.

On PostgreSQL the connection of the live server's request is really terminated
(pg_terminate_backend) between the rows of a multi-row write (organisation_create: the
organisation, its place link, its audit entry, in one transaction). On any database, "down" is
a driver that refuses to connect: every query of the request fails, from the place lookup on.
"""

import threading

import pytest
import requests
from django.db import OperationalError, connection, connections
from django.test import Client

from coordination.audit.models import AuditEntry
from coordination.organisations import services as organisation_services
from coordination.organisations.models import Organisation
from tests.support.factories import api_token
from tests.support.faults import (
    assert_service_unavailable_json,
    assert_service_unavailable_page,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_down(monkeypatch):
    """From now on this thread's connection cannot be opened, as when the server is down."""

    def refuse(*args, **kwargs):
        raise connection.Database.OperationalError("connection refused (the test stopped it)")

    connection.close()
    monkeypatch.setattr(connection, "get_new_connection", refuse)
    yield
    monkeypatch.undo()
    connection.close()


def test_with_the_database_down_pages_the_api_and_readiness_answer_503(bucks, database_down):
    client = Client(raise_request_exception=False)

    assert_service_unavailable_page(client.get(f"/{bucks.slug}/"))
    assert_service_unavailable_page(client.get("/"))
    assert_service_unavailable_json(client.get(f"/api/v1/places/{bucks.slug}/organisations/"))
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"]["database"] == {"ok": False, "detail": "OperationalError"}
    assert client.get("/healthz").status_code == 503


def test_a_connection_lost_in_the_middle_of_a_write_is_a_503_and_saves_nothing(
    bucks, admin_of, monkeypatch
):
    def lost(**kwargs):
        # What Django raises when the server goes away under a query (the PostgreSQL test below
        # does it for real).
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(organisation_services, "audit_record", lost)
    client = Client(raise_request_exception=False)
    client.force_login(admin_of(bucks))

    page = client.post(
        f"/{bucks.slug}/organisations/new/", {"name": "Wendover Youth Club", "kind": "cio"}
    )
    api = client.post(
        f"/api/v1/places/{bucks.slug}/organisations/",
        {"name": "Wendover Food Bank", "kind": "cio"},
        content_type="application/json",
    )

    assert_service_unavailable_page(page)
    assert_service_unavailable_json(api)
    assert not Organisation.objects.filter(name__startswith="Wendover").exists()


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no server connection to drop")


def terminate_this_threads_connection():
    """pg_terminate_backend on the calling thread's connection, from a second connection."""
    pid = connection.connection.get_backend_pid()  # psycopg2, the driver in pyproject.toml
    killer = connections.create_connection("default")
    try:
        with killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            for _attempt in range(100):  # until the server has ended it
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
                if cursor.fetchone()[0] == 0:
                    break
                threading.Event().wait(0.05)
    finally:
        killer.close()


def test_the_live_server_answers_503_when_its_connection_is_terminated_mid_write(
    postgresql, live_server, bucks, admin_of, monkeypatch
):
    admin = admin_of(bucks)
    token = api_token(admin)
    real_audit_record = organisation_services.audit_record
    terminated = []

    def audit_record_after_losing_the_connection(**kwargs):
        # The organisation and its place link are written (uncommitted) when the connection goes.
        terminate_this_threads_connection()
        terminated.append(kwargs["target"].name)
        return real_audit_record(**kwargs)

    monkeypatch.setattr(
        organisation_services, "audit_record", audit_record_after_losing_the_connection
    )
    api = requests.post(
        f"{live_server.url}/api/v1/places/{bucks.slug}/organisations/",
        json={"name": "Princes Risborough Men's Shed", "kind": "cio"},
        headers={"Authorization": f"Token {token}"},
        timeout=30,
    )

    session = requests.Session()
    browser = Client()
    browser.force_login(admin)
    session.cookies.set("sessionid", browser.cookies["sessionid"].value)
    form = session.get(f"{live_server.url}/{bucks.slug}/organisations/new/", timeout=30)
    assert form.status_code == 200
    csrf = form.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    page = session.post(
        f"{live_server.url}/{bucks.slug}/organisations/new/",
        data={"csrfmiddlewaretoken": csrf, "name": "Haddenham Repair Cafe", "kind": "cio"},
        headers={"Referer": f"{live_server.url}/{bucks.slug}/organisations/new/"},
        timeout=30,
        allow_redirects=False,
    )

    assert terminated == ["Princes Risborough Men's Shed", "Haddenham Repair Cafe"]
    assert_service_unavailable_json(api)
    assert_service_unavailable_page(page)
    names = ["Princes Risborough Men's Shed", "Haddenham Repair Cafe"]
    assert not Organisation.objects.filter(name__in=names).exists()
    assert (
        not AuditEntry.objects.for_place(bucks)
        .filter(action="organisations.organisation.create")
        .exists()
    )
    # The next request gets a new connection: the site is back by itself.
    again = requests.get(f"{live_server.url}/api/v1/places/{bucks.slug}/organisations/", timeout=30)
    assert again.status_code == 200
