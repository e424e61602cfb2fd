"""A partner system subscribes itself to webhooks through the API with a write:webhooks key."""

import pytest
from rest_framework.test import APIClient

from coordination.api.services import partner_key_create
from coordination.organisations.services import organisation_create
from coordination.webhooks import delivery, signing
from coordination.webhooks.models import WebhookSubscription
from tests.support.api_errors import error_of
from tests.support.webhooks import Receiver

pytestmark = pytest.mark.django_db

URL = "/api/v1/places/buckinghamshire/webhooks/"


@pytest.fixture
def admin(bucks, admin_of):
    return admin_of(bucks)


def partner(bucks, admin, *scopes):
    _row, key = partner_key_create(
        place=bucks, actor=admin, name=f"CRM {scopes}", scopes=["read", *scopes]
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return api


def test_a_partner_subscribes_gets_its_secret_once_and_receives_signed_events(bucks, admin):
    api = partner(bucks, admin, "write:webhooks")
    events = api.get(f"{URL}events/").json()
    assert {
        "name": "organisations.organisation.create",
        "description": "An organisation was added to the place",
    } in events

    with Receiver() as receiver:
        created = api.post(
            URL,
            {"name": "CRM", "url": receiver.url, "events": ["organisations.organisation.create"]},
            format="json",
        )
        assert created.status_code == 201, created.content
        secret = created.json()["secret"]
        assert secret.startswith("whsec_")
        subscription_id = created.json()["id"]
        assert "secret" not in api.get(f"{URL}{subscription_id}/").json()

        organisation_create(place=bucks, actor=admin, name="Chiltern Foodbank", kind="cio")
        delivery.deliver_webhooks()
        ((headers, body),) = receiver.received
    assert signing.verify(secret, body, headers[signing.HEADER])

    log = api.get(f"{URL}{subscription_id}/deliveries/").json()["results"]
    assert [(d["event"], d["status"]) for d in log] == [
        ("organisations.organisation.create", "delivered")
    ]

    assert api.post(f"{URL}{subscription_id}/pause/").json()["paused"] is True
    assert api.post(f"{URL}{subscription_id}/resume/").json()["paused"] is False
    assert api.delete(f"{URL}{subscription_id}/").status_code == 204
    assert not WebhookSubscription.objects.for_place(bucks).exists()


def test_subscribing_needs_the_webhooks_write_scope(bucks, admin):
    response = partner(bucks, admin).post(
        URL,
        {
            "name": "CRM",
            "url": "https://crm.example/h",
            "events": ["organisations.organisation.create"],
        },
        format="json",
    )
    assert response.status_code == 403
    assert "write:webhooks" in error_of(response)["message"]


def test_bad_subscriptions_get_field_errors(bucks, admin, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    api = partner(bucks, admin, "write:webhooks")
    response = api.post(
        URL, {"name": "CRM", "url": "https://127.0.0.1/h", "events": ["nope"]}, format="json"
    )
    assert response.status_code == 400
    fields = error_of(response)["fields"]
    assert "There is no event called nope." in fields["events"]
    response = api.post(
        URL,
        {
            "name": "CRM",
            "url": "https://127.0.0.1/h",
            "events": ["organisations.organisation.create"],
        },
        format="json",
    )
    assert "private network" in error_of(response)["fields"]["url"][0]


def test_another_places_key_sees_no_webhooks_here(bucks, sutton, admin, admin_of):
    other = partner(sutton, admin_of(sutton), "write:webhooks")
    assert other.get(URL).status_code == 404


def test_a_partner_written_against_the_earlier_event_names_is_understood(bucks, admin):
    api = partner(bucks, admin, "write:webhooks")
    created = api.post(
        URL,
        {
            "name": "Old CRM",
            "url": "https://127.0.0.1/hooks",
            "events": ["meeting.cancel", "organisation.create", "action.update"],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    today = ["boards.action.progress", "boards.meeting.cancel", "organisations.organisation.create"]
    assert created.json()["events"] == today
    assert WebhookSubscription.objects.for_place(bucks).get(name="Old CRM").events == today

    unknown = api.post(
        URL,
        {"name": "Typo", "url": "https://127.0.0.1/hooks", "events": ["meeting.cancelled"]},
        format="json",
    )
    assert unknown.status_code == 400
    assert "There is no event called meeting.cancelled." in error_of(unknown)["fields"]["events"]
