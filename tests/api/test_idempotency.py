"""A POST retried with the same Idempotency-Key gets the first answer and changes nothing twice."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coordination.api.models import IdempotencyRecord
from coordination.api.services import partner_key_create
from coordination.organisations.models import Organisation
from tests.support.api_errors import error_of

URL = "/api/v1/places/buckinghamshire/organisations/"


@pytest.fixture
def admin(bucks, admin_of):
    return admin_of(bucks)


@pytest.fixture
def partner(api, bucks, admin):
    _row, key = partner_key_create(
        place=bucks, actor=admin, name="CRM", scopes=["read", "write:organisations"]
    )
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return api


def post(client, body, key):
    return client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_a_retry_gets_the_first_response_and_creates_nothing_more(partner):
    body = {"name": "Aylesbury Men's Shed", "kind": "cio"}

    first = post(partner, body, "sync-2026-11-25-0001")
    again = post(partner, body, "sync-2026-11-25-0001")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert Organisation.objects.filter(name="Aylesbury Men's Shed").count() == 1


def test_a_new_key_is_a_new_request(partner):
    post(partner, {"name": "Shed A", "kind": "cio"}, "key-a")
    post(partner, {"name": "Shed B", "kind": "cio"}, "key-b")
    assert Organisation.objects.filter(name__startswith="Shed ").count() == 2


def test_the_same_key_for_a_different_request_is_refused(partner):
    post(partner, {"name": "Shed A", "kind": "cio"}, "key-a")

    response = post(partner, {"name": "Shed B", "kind": "cio"}, "key-a")

    assert response.status_code == 422
    assert "different request" in error_of(response)["message"]
    assert not Organisation.objects.filter(name="Shed B").exists()


def test_a_request_still_running_answers_409(partner):
    first = post(partner, {"name": "Shed A", "kind": "cio"}, "key-a")
    assert first.status_code == 201
    IdempotencyRecord.objects.update(done=False)  # as if the first were still being processed

    response = post(partner, {"name": "Shed A", "kind": "cio"}, "key-a")

    assert response.status_code == 409 and response["Retry-After"] == "1"
    assert Organisation.objects.filter(name="Shed A").count() == 1


def test_an_error_answer_is_replayed_too_but_an_expired_key_runs_again(partner):
    invalid = post(partner, {"name": "", "kind": "cio"}, "key-a")
    assert invalid.status_code == 400
    assert post(partner, {"name": "", "kind": "cio"}, "key-a").json() == invalid.json()

    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(hours=25))
    fresh = post(partner, {"name": "", "kind": "cio"}, "key-a")
    assert fresh.status_code == 400 and "Idempotent-Replayed" not in fresh


def test_keys_are_per_caller(partner, client, admin):
    post(partner, {"name": "Shed A", "kind": "cio"}, "shared-key")
    client.force_login(admin)  # the partner key's maker, signed in: a different caller

    def by_session(body):
        return client.post(
            URL, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="shared-key"
        )

    mine = by_session({"name": "Shed B", "kind": "cio"})
    assert mine.status_code == 201 and "Idempotent-Replayed" not in mine
    assert by_session({"name": "Shed B", "kind": "cio"})["Idempotent-Replayed"] == "true"
    assert Organisation.objects.filter(name__in=["Shed A", "Shed B"]).count() == 2


@pytest.mark.parametrize("key", ["", "x" * 256, "has space", "naïve"])
def test_a_malformed_key_is_a_400(partner, key):
    response = post(partner, {"name": "Shed", "kind": "cio"}, key)
    assert response.status_code == 400
    assert "Idempotency-Key" in error_of(response)["message"]
    assert not Organisation.objects.filter(name="Shed").exists()
