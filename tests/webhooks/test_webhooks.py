"""Webhooks: audited changes reach subscribed partner systems, signed, once, with retries."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coordination.accounts.models import Role
from coordination.errors import RuleViolation
from coordination.organisations.services import organisation_create, organisation_update
from coordination.webhooks import delivery, signing
from coordination.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from coordination.webhooks.services import (
    subscription_create,
    subscription_pause,
    subscription_resume,
)
from tests.support.webhooks import Receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


@pytest.fixture
def admin(bucks, admin_of):
    return admin_of(bucks, email="admin@bucks.example")


def subscribe(place, admin, url, events=("organisations.organisation.create",), name="Council CRM"):
    return subscription_create(place=place, actor=admin, name=name, url=url, events=list(events))


def deliveries(place):
    return WebhookDelivery.objects.for_place(place)


def test_a_subscribed_change_is_delivered_signed_and_thin(bucks, admin, receiver):
    subscription = subscribe(bucks, admin, receiver.url)
    organisation = organisation_create(
        place=bucks, actor=admin, name="Chiltern Foodbank", kind="cio", email="private@food.example"
    )

    outcome = delivery.deliver_webhooks(place_ids=[bucks.pk])

    assert outcome == {"delivered": 1}
    ((headers, body),) = receiver.received
    assert headers["X-InPlace-Event"] == "organisations.organisation.create"
    assert signing.verify(subscription.secret, body, headers[signing.HEADER])
    assert not signing.verify("whsec_wrong", body, headers[signing.HEADER])
    payload = json.loads(body)
    assert (
        payload["event"] == "organisations.organisation.create"
        and payload["place"] == "buckinghamshire"
    )
    assert payload["object"] == {"type": "organisations.organisation", "id": str(organisation.pk)}
    assert headers["X-InPlace-Delivery"] == payload["id"]
    assert "private@food.example" not in body.decode() and "Chiltern" not in body.decode()
    row = deliveries(bucks).get()
    assert row.status == DeliveryStatus.DELIVERED and row.last_status_code == 200

    assert delivery.deliver_webhooks(place_ids=[bucks.pk]) == {}  # a second run sends nothing
    assert len(receiver.received) == 1


def test_only_the_chosen_events_of_this_place_are_sent(bucks, sutton, admin, admin_of, receiver):
    subscribe(bucks, admin, receiver.url, events=["organisations.organisation.update"])
    organisation = organisation_create(
        place=bucks, actor=admin, name="Marlow Mutual Aid", kind="cio"
    )
    organisation_create(place=sutton, actor=admin_of(sutton), name="Sutton Carers", kind="cio")
    organisation_update(place=bucks, actor=admin, organisation=organisation, name="Marlow Aid")

    delivery.deliver_webhooks()

    assert [p["event"] for p in receiver.payloads()] == ["organisations.organisation.update"]
    assert {p["place"] for p in receiver.payloads()} == {"buckinghamshire"}


def test_a_failing_receiver_is_retried_with_back_off_then_delivered(bucks, admin, receiver):
    subscribe(bucks, admin, receiver.url)
    organisation_create(place=bucks, actor=admin, name="Chiltern Foodbank", kind="cio")
    receiver.answers = [500, 503]
    start = timezone.now()

    assert delivery.deliver_webhooks(now=start) == {"retry": 1}
    row = deliveries(bucks).get()
    assert row.status == DeliveryStatus.PENDING and row.attempts == 1
    assert row.last_status_code == 500 and "answered 500" in row.last_error
    assert row.next_attempt_at == start + timedelta(minutes=1)

    assert delivery.deliver_webhooks(now=start + timedelta(seconds=30)) == {}  # not due yet
    assert delivery.deliver_webhooks(now=start + timedelta(minutes=1)) == {"retry": 1}
    assert deliveries(bucks).get().next_attempt_at == start + timedelta(minutes=1 + 2)
    assert delivery.deliver_webhooks(now=start + timedelta(minutes=3)) == {"delivered": 1}

    ids = {headers["X-InPlace-Delivery"] for headers, _body in receiver.received}
    assert len(receiver.received) == 3 and len(ids) == 1  # one event, three attempts
    assert WebhookSubscription.objects.for_place(bucks).get().consecutive_failures == 0


def test_an_unreachable_receiver_fails_after_the_last_attempt(bucks, admin, settings):
    settings.WEBHOOKS_MAX_ATTEMPTS = 2
    subscribe(bucks, admin, "http://127.0.0.1:9/nothing-listens-here")
    organisation_create(place=bucks, actor=admin, name="Chiltern Foodbank", kind="cio")
    start = timezone.now()

    assert delivery.deliver_webhooks(now=start) == {"retry": 1}
    assert delivery.deliver_webhooks(now=start + timedelta(hours=1)) == {"failed": 1}
    row = deliveries(bucks).get()
    assert row.status == DeliveryStatus.FAILED and row.attempts == 2
    assert "ConnectionError" in row.last_error


def test_repeated_failures_pause_the_subscription_until_resumed(bucks, admin, receiver, settings):
    settings.WEBHOOKS_PAUSE_AFTER = 3
    subscription = subscribe(bucks, admin, receiver.url)
    for i in range(3):
        organisation_create(place=bucks, actor=admin, name=f"Group {i}", kind="community_group")
    receiver.answers = [500, 500, 500]

    delivery.deliver_webhooks()

    subscription.refresh_from_db()
    assert subscription.paused_at is not None and "3 failed deliveries" in subscription.pause_reason
    organisation_create(place=bucks, actor=admin, name="Group 3", kind="community_group")
    later = timezone.now() + timedelta(hours=1)
    assert delivery.deliver_webhooks(now=later) == {}  # paused: nothing goes, nothing is lost
    assert deliveries(bucks).filter(status=DeliveryStatus.PENDING).count() == 3

    subscription_resume(place=bucks, actor=admin, subscription=subscription)
    assert delivery.deliver_webhooks(now=later) == {"delivered": 3}
    assert len(receiver.received) == 3 + 3


def test_an_admin_pause_stops_new_deliveries_being_queued(bucks, admin, receiver):
    subscription = subscribe(bucks, admin, receiver.url)
    subscription_pause(place=bucks, actor=admin, subscription=subscription)
    organisation_create(place=bucks, actor=admin, name="Chiltern Foodbank", kind="cio")
    assert not deliveries(bucks).exists()
    with pytest.raises(RuleViolation):
        subscription_pause(place=bucks, actor=admin, subscription=subscription)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://crm.example.org/hooks", "must start with https://"),
        ("https://127.0.0.1/hooks", "private network"),
        ("https://10.1.2.3/hooks", "private network"),
        ("https://user:pw@crm.example.org/hooks", "no user name or password"),
    ],
)
def test_addresses_inside_our_network_are_refused_in_production(
    bucks, admin, settings, url, message
):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(RuleViolation) as excinfo:
        subscribe(bucks, admin, url)
    assert message in excinfo.value.message_dict["url"][0]


def test_unknown_or_no_events_are_refused(bucks, admin, receiver):
    with pytest.raises(RuleViolation) as excinfo:
        subscribe(bucks, admin, receiver.url, events=["tender.explode"])
    assert "no event called tender.explode" in excinfo.value.message_dict["events"][0]
    with pytest.raises(RuleViolation) as excinfo:
        subscribe(bucks, admin, receiver.url, events=[])
    assert "at least one event" in excinfo.value.message_dict["events"][0]


# The admin's pages


def url(place, name, **kwargs):
    return reverse(f"places:webhooks:{name}", kwargs={"place_slug": place.slug, **kwargs})


def test_an_admin_adds_a_webhook_sees_its_secret_once_and_its_log(client, bucks, admin, receiver):
    client.force_login(admin)
    response = client.post(
        url(bucks, "create"),
        {
            "name": "Council CRM",
            "url": receiver.url,
            "events": ["organisations.organisation.create"],
        },
    )
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    subscription = WebhookSubscription.objects.for_place(bucks).get()
    assert subscription.secret in response.content.decode()

    organisation_create(place=bucks, actor=admin, name="Chiltern Foodbank", kind="cio")
    receiver.answers = [502]
    delivery.deliver_webhooks()
    detail = client.get(url(bucks, "detail", pk=subscription.pk)).content.decode()
    assert (
        "organisations.organisation.create" in detail and "502 The receiver answered 502." in detail
    )
    assert subscription.secret not in detail
    assert "Council CRM" in client.get(url(bucks, "list")).content.decode()

    client.post(url(bucks, "pause", pk=subscription.pk))
    assert "Paused" in client.get(url(bucks, "detail", pk=subscription.pk)).content.decode()
    client.post(url(bucks, "delete", pk=subscription.pk))
    assert not WebhookSubscription.objects.for_place(bucks).exists()


def test_the_form_explains_what_is_wrong(client, bucks, admin):
    client.force_login(admin)
    response = client.post(url(bucks, "create"), {"name": "CRM", "url": "not an address"})
    page = response.content.decode()
    assert (
        "Enter a web address in the correct format" in page
        and "Select an answer to “Which changes?”" in page
    )
    assert 'value="CRM"' in page


@pytest.mark.parametrize("role", [r for r in Role if r != Role.PLACE_ADMIN])
def test_only_place_admins_manage_webhooks(client, bucks, make_member, role):
    client.force_login(make_member(bucks, role))
    assert client.get(url(bucks, "list")).status_code == 403
    assert client.get(url(bucks, "create")).status_code == 403


def test_the_changes_partners_ask_about_are_announced(bucks, admin, receiver):
    """Tender stage changed, bid decided, feedback released, minutes published, service updated,
    a board's fund decision and a grantee's report: each is an event a partner can choose, and
    each reaches it when it happens."""
    from coordination.accounts.models import Membership
    from coordination.places.tenancy import place_scope
    from coordination.webhooks.registry import known_events
    from mapping.services import service_update
    from tests.support.boards import board, meeting
    from tests.support.factories import OrganisationFactory, UserFactory
    from tests.support.isolation import PLACE_A_BUILDERS

    wanted = {
        "commissioning.tender.stage",
        "funding.bid.award",
        "funding.bid.decline",
        "funding.feedback.release",
        "boards.minutes.publish",
        "mapping.service.update",
        "funding.fund_application.decide",
        "funding.grant_report.submit",
    }
    assert wanted <= set(known_events())
    subscribe(bucks, admin, receiver.url, events=sorted(known_events()))

    person = UserFactory(name="Every Role", email="everyrole@bucks.example")
    organisation = OrganisationFactory(name="Every Role Org", places=[bucks])
    for role in Role:
        Membership.objects.create(
            place=bucks,
            user=person,
            role=role,
            organisation=None if role in {Role.RESIDENT, Role.PLACE_ADMIN} else organisation,
        )
    with place_scope(bucks):
        for build in PLACE_A_BUILDERS:
            build(bucks, person, 2)  # the second bid is declined with its feedback released
        from boards.services import minutes_save
        from mapping.models import Service

        past = meeting(bucks, board(bucks, name="Wendover Community Board"), in_days=-2)
        minutes_save(place=bucks, actor=None, meeting=past, minutes="Agreed.", publish=True)
        service = Service.objects.for_place(bucks).first()
        service_update(place=bucks, actor=person, service=service, name="Renamed lunch club")

    delivery.deliver_webhooks(place_ids=[bucks.pk])

    announced = {payload["event"] for payload in receiver.payloads()}
    assert wanted <= announced, wanted - announced
