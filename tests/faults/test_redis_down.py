"""Redis down: web requests made during a real outage answer 503 with Retry-After or work without
it, never 500, and everything works again once Redis is back.

A redis-server of this test's own (never the shared one) is the cache and the broker; it is
stopped, and requests are made while it is down:

- the API's fair-share rate limits (anonymous, per person, per partner key) count in the web
  process while the shared cache is away: reads and writes work;
- sign-in and the API's token exchange guard passwords with limits that must hold across every web
  process, so they answer 503 with Retry-After rather than let guesses through uncounted;
- a change that queues a background task commits, and the task is left to beat's tick (email and
  webhooks have an outbox) or, for a mapping import, is done in the request.
"""

import socket
import threading
import time

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import Client
from django.urls import reverse

from coordination.accounts.models import Role
from coordination.api.services import partner_key_create
from coordination.notifications.models import OutboxEmail, OutboxStatus
from coordination.organisations.models import Organisation
from tests.support.factories import UserFactory, api_token
from tests.support.faults import assert_service_unavailable_json, assert_service_unavailable_page
from tests.support.workers import new_queue_name, publishing_to, running_gunicorn

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def redis_everywhere(private_redis, settings):
    """This process's cache and broker are the private Redis (it is running)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": private_redis.url,
        }
    }
    settings.NOTIFICATIONS_DELIVER_ON_COMMIT = True
    with publishing_to(new_queue_name(), broker_url=private_redis.url):
        yield private_redis


def partner_key(place, admin):
    _row, key = partner_key_create(
        place=place, actor=admin, name="Council CRM", scopes=["read", "write:organisations"]
    )
    return key


def requests_during(bucks, people):
    """What the site answers now: {what: response}."""
    admin, reader, key, token = people
    anonymous = Client(raise_request_exception=False)
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(admin)
    api = f"/api/v1/places/{bucks.slug}/organisations/"
    return {
        "anonymous API read": anonymous.get(api),
        "token API read": anonymous.get(api, HTTP_AUTHORIZATION=f"Token {token}"),
        "partner key API read": anonymous.get(api, HTTP_AUTHORIZATION=f"Bearer {key}"),
        "partner key API write": anonymous.post(
            api,
            {"name": f"Aylesbury Group {time.monotonic_ns()}", "kind": "cio"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {key}",
        ),
        "page": signed_in.get(f"/{bucks.slug}/"),
        "invitation (queues an email)": signed_in.post(
            f"/{bucks.slug}/members/invite/",
            {"email": f"new{time.monotonic_ns()}@example.org", "role": Role.RESIDENT},
        ),
        "sign-in": Client(raise_request_exception=False).post(
            reverse("account_login"), {"login": reader.email, "password": "Correct-Horse-9"}
        ),
        "token exchange": anonymous.post(
            "/api/v1/auth/token/",
            {"email": reader.email, "password": "Correct-Horse-9"},
            content_type="application/json",
        ),
    }


@pytest.fixture
def people(bucks, admin_of, make_member):
    admin = admin_of(bucks)
    reader = make_member(bucks, Role.RESIDENT, email="reader@example.org")
    reader.set_password("Correct-Horse-9")
    reader.save()
    token = api_token(UserFactory(email="api@example.org"))
    return admin, reader, partner_key(bucks, admin), token


def test_with_redis_down_requests_get_503_with_retry_after_or_work_and_recover(
    bucks, people, redis_everywhere
):
    before = requests_during(bucks, people)
    assert {what: r.status_code for what, r in before.items()} == {
        "anonymous API read": 200,
        "token API read": 200,
        "partner key API read": 200,
        "partner key API write": 201,
        "page": 200,
        "invitation (queues an email)": 302,
        "sign-in": 302,
        "token exchange": 200,
    }

    redis_everywhere.stop()
    during = requests_during(bucks, people)

    statuses = {what: r.status_code for what, r in during.items()}
    assert statuses == {
        "anonymous API read": 200,
        "token API read": 200,
        "partner key API read": 200,
        "partner key API write": 201,
        "page": 200,
        "invitation (queues an email)": 302,
        "sign-in": 503,
        "token exchange": 503,
    }
    assert_service_unavailable_page(during["sign-in"])
    assert_service_unavailable_json(during["token exchange"])
    # The invitation's email is in the outbox, for beat's next delivery tick.
    pending = OutboxEmail.objects.for_place(bucks).filter(status=OutboxStatus.PENDING)
    assert pending.filter(kind="invitation").count() == 2
    ready = Client().get("/readyz")
    assert ready.status_code == 503 and ready.json()["checks"]["cache"]["ok"] is False

    redis_everywhere.start()
    after = requests_during(bucks, people)
    assert {what: r.status_code for what, r in after.items()} == {
        what: r.status_code for what, r in before.items()
    }
    assert Organisation.objects.filter(name__startswith="Aylesbury Group").count() == 3


def test_gunicorn_answers_503_for_sign_in_and_serves_the_api_while_redis_is_down(
    tmp_path, bucks, people, private_redis
):
    _admin, reader, _key, _token = people
    # gunicorn checks passwords with the site's hashers, not the tests' fast one.
    hasher = PBKDF2PasswordHasher()
    reader.password = hasher.encode("Correct-Horse-9", hasher.salt(), iterations=1000)
    reader.save(update_fields=["password"])
    env = {"REDIS_URL": private_redis.url, "DEBUG": "false", "SECRET_KEY": "x" * 50}
    env["ALLOWED_HOSTS"] = "127.0.0.1"
    with running_gunicorn(tmp_path, env=env) as (url, _process, _log):
        api = f"{url}/api/v1/places/{bucks.slug}/organisations/"
        assert requests.get(api, timeout=30).status_code == 200
        private_redis.stop()

        assert requests.get(api, timeout=30).status_code == 200
        token = requests.post(
            f"{url}/api/v1/auth/token/",
            json={"email": reader.email, "password": "Correct-Horse-9"},
            timeout=30,
        )
        assert token.status_code == 503, token.text[:300]
        assert token.headers["Retry-After"] == "30"
        assert token.json()["error"]["code"] == "service_unavailable"

        private_redis.start()
        token = requests.post(
            f"{url}/api/v1/auth/token/",
            json={"email": reader.email, "password": "Correct-Horse-9"},
            timeout=30,
        )
        assert token.status_code == 200, token.text[:300]


@pytest.fixture
def hung_redis():
    """A server that takes connections and never answers, as a Redis stuck on a full disk or a
    paused VM does (the kernel completes the connection; nobody replies)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(64)
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"


def test_a_cache_that_hangs_fails_fast_and_requests_answer(bucks, people, hung_redis, settings):
    if not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        pytest.skip("REDIS_URL is not set: the cache is in the process, it cannot hang")
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": hung_redis}}
    _admin, reader, _key, _token = people
    answers = {}

    def ask():
        client = Client(raise_request_exception=False)
        answers["api"] = client.get(f"/api/v1/places/{bucks.slug}/organisations/").status_code
        answers["sign-in"] = client.post(
            reverse("account_login"), {"login": reader.email, "password": "Correct-Horse-9"}
        ).status_code

    asking = threading.Thread(target=ask, daemon=True)
    asking.start()
    # Not a speed figure: redis-py's own socket timeouts (5 s by default) end each cache call;
    # without them the request would never return.
    asking.join(timeout=60)
    assert not asking.is_alive(), "a request hung on the cache"
    assert answers == {"api": 200, "sign-in": 503}


def test_without_redis_the_api_budget_is_still_counted_in_the_web_process(
    bucks, redis_everywhere, monkeypatch
):
    from rest_framework.throttling import SimpleRateThrottle

    from coordination.api import throttling

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/min", "user": "2/min"})
    throttling._process_counts.clear()
    redis_everywhere.stop()
    client = Client(raise_request_exception=False)
    statuses = [client.get("/api/v1/places/").status_code for _i in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get("/api/v1/places/")["Retry-After"]
