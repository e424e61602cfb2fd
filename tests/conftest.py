"""Shared fixtures: every test database holds Buckinghamshire, Coventry and Sutton (created by migration)."""

import importlib
import ipaddress
import socket
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from coordination.accounts.models import Role
from coordination.places.models import Place
from tests.support.factories import (
    DEMO_PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.support.s3 import s3_storages, start_server
from tests.support.workers import running_worker

_real_connect = socket.socket.connect


def _loopback_only_connect(sock, address):
    """Tests talk to services on this machine only: any other address is refused before it is tried."""
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
            raise OSError(f"Tests may not reach the network ({host}); use a service on 127.0.0.1")
    return _real_connect(sock, address)


@pytest.fixture(autouse=True, scope="session")
def _no_network():
    socket.socket.connect = _loopback_only_connect
    yield
    socket.socket.connect = _real_connect


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Hashing strength is not under test; a fast hasher keeps hundreds of sign-ins quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _places_read_afresh():
    # Each web process keeps the places it read for a few seconds (PLACE_CACHE_SECONDS); a test's
    # rolled-back changes to a place must not outlive the test in that copy.
    from coordination.places.selectors import forget_places

    forget_places()
    yield
    forget_places()


@pytest.fixture(autouse=True)
def _public_pages_afresh(settings):
    # The tests run with the public page cache on, as production does (its default is off only
    # without Redis). The cache outlives a test's rolled-back rows: each test starts with every
    # cached public page stale, as if everything had just been written (docs/caching.md).
    from coordination.caching.versions import bump_every_place

    settings.PUBLIC_PAGE_CACHE_SECONDS = settings.PUBLIC_PAGE_CACHE_SECONDS or 300
    bump_every_place()


@pytest.fixture(autouse=True, scope="session")
def _forced_api_sign_ins_are_not_visitors():
    """DRF's ``force_authenticate`` signs a test's API client in inside the view only, where no
    middleware sees it: to the public page cache such a GET would look like a visitor's. A real
    client names itself in the Authorization header, so a forced one's GET says so there too
    (GETs only: idempotency keys of writes are scoped by that header)."""
    from rest_framework.test import ForceAuthClientHandler

    plain = ForceAuthClientHandler.get_response

    def get_response(self, request):
        if self._force_user is not None and request.method in ("GET", "HEAD"):
            request.META.setdefault("HTTP_AUTHORIZATION", f"Forced test-user-{self._force_user.pk}")
        return plain(self, request)

    ForceAuthClientHandler.get_response = get_response
    yield
    ForceAuthClientHandler.get_response = plain


# Rows that data migrations create, which a transactional test's flush removes: (module, function).
DATA_MIGRATIONS = [
    ("coordination.places.migrations.0002_first_places", "create_places"),
    ("coordination.places.migrations.0003_place_postcode_districts", "set_districts"),
    ("mapping.migrations.0002_shared_vocabularies", "create"),
    ("coordination.accounts.migrations.0004_the_site", "name_the_site"),
]


@pytest.fixture(autouse=True)
def _migration_data_after_flush(request):
    """A transactional test (live server, real worker) starts from tables emptied by the previous
    one's flush, which also removes what data migrations made (the three places, the shared
    themes): put it back as the migrations did. (serialized_rollback would too, but breaks once
    any transactional test runs without it.)"""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(_AppsNow(), None)


class _AppsNow:
    """The app registry as a data migration written before a model changed app asks it: the
    shared themes' migration is mapping's, the themes are now the core's vocabularies."""

    MOVED = {("mapping", "theme"): ("vocabularies", "theme")}

    def get_model(self, app_label, model_name):
        app_label, model_name = self.MOVED.get(
            (app_label, model_name.lower()), (app_label, model_name)
        )
        return django_apps.get_model(app_label, model_name)


ORGANISATION_ROLES = {Role.COUNCIL_OFFICER, Role.FUNDER, Role.CHARITY_LEADER, Role.PARTNER}


@pytest.fixture(scope="module")
def demo_seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """``seed_demo`` once for a module's tests, in a transaction rolled back after the module:
    each test (with ``db``) runs in a savepoint inside it, so what one test writes is gone for the
    next, and the demo is seeded once rather than per test. Yields the folder its files went to
    (a test sets MEDIA_ROOT to it: ``demo``). For tests that only read the demo or write beside
    it; a test of seeding itself calls the command."""
    media = tmp_path_factory.mktemp("demo-media")
    settings = override_settings(
        MEDIA_ROOT=str(media), PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), settings:
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", stdout=StringIO())
            yield media
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo(demo_seeded, db, settings):
    """The three places as ``seed_demo`` leaves them (seeded once per module: demo_seeded)."""
    settings.MEDIA_ROOT = str(demo_seeded)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def bucks(db):
    return Place.objects.get(slug="buckinghamshire")


@pytest.fixture
def coventry(db):
    return Place.objects.get(slug="coventry")


@pytest.fixture
def sutton(db):
    return Place.objects.get(slug="sutton")


@pytest.fixture
def password():
    return DEMO_PASSWORD


@pytest.fixture
def make_member(db):
    """make_member(place, role, **user_fields) -> a verified person holding that role in that place."""

    def make(place, role, organisation=None, **user_fields):
        role = Role(role)
        if organisation is None and role in ORGANISATION_ROLES:
            organisation = OrganisationFactory(places=[place])
        user = UserFactory(**user_fields)
        MembershipFactory(place=place, user=user, role=role, organisation=organisation)
        return user

    return make


@pytest.fixture
def admin_of(make_member):
    return lambda place, **kw: make_member(place, Role.PLACE_ADMIN, **kw)


@pytest.fixture
def worker(tmp_path, transactional_db):
    """A Celery worker process on a queue of its own (tests/support/workers.py); this process
    publishes to it, and it writes email to files."""
    with running_worker(tmp_path) as running:
        yield running


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3-compatible server on a free loopback port, for the whole run."""
    server, endpoint = start_server()
    yield endpoint
    server.stop()


@pytest.fixture(params=["filesystem", "s3"])
def file_storage(request, settings, tmp_path):
    """Run the test with uploads and built files on the filesystem, then in an S3 bucket.
    Yields (backend, bucket or None)."""
    if request.param == "filesystem":
        settings.MEDIA_ROOT = str(tmp_path / "media")
        yield "filesystem", None
    else:
        yield "s3", s3_storages(settings, request.getfixturevalue("s3_endpoint"))
