"""Webhook addresses: nothing reaches this server's own network, by any spelling or by DNS tricks.

The tests run the real resolver path with a resolver they control (``socket.getaddrinfo`` answers
for the ``.test`` names below) and real receivers on 127.0.0.1, plain and TLS.
"""

import socket

import pytest
from rest_framework.test import APIClient

from coordination.api.services import partner_key_create
from coordination.errors import RuleViolation
from coordination.organisations.services import organisation_create
from coordination.webhooks import delivery
from coordination.webhooks.models import DeliveryStatus, WebhookDelivery
from coordination.webhooks.services import subscription_create
from tests.support.api_errors import error_of
from tests.support.certificates import write_ca_and_certificate
from tests.support.webhooks import Receiver

pytestmark = pytest.mark.django_db

PUBLIC = "93.184.216.34"  # a public address; the tests' socket guard refuses to connect to it


@pytest.fixture
def admin(bucks, admin_of):
    return admin_of(bucks, email="admin@bucks.example")


class Resolver:
    """Answers for names ending .test from ``answers[name]``: one address, or a list used in turn
    (the last one repeats), as a rebinding DNS server would; other names resolve as usual."""

    def __init__(self, real):
        self.real = real
        self.answers = {}
        self.asked = []

    def __call__(self, host, port, *args, **kwargs):
        if not (isinstance(host, str) and host.endswith(".test")):
            return self.real(host, port, *args, **kwargs)
        self.asked.append(host)
        answer = self.answers[host]
        if isinstance(answer, list):
            answer = answer.pop(0) if len(answer) > 1 else answer[0]
        family = socket.AF_INET6 if ":" in answer else socket.AF_INET
        address = (answer, int(port or 0), 0, 0) if family == socket.AF_INET6 else (answer, port)
        return [(family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", address)]


@pytest.fixture
def resolver(monkeypatch):
    controlled = Resolver(socket.getaddrinfo)
    monkeypatch.setattr(socket, "getaddrinfo", controlled)
    return controlled


@pytest.fixture
def tls_files(tmp_path):
    return write_ca_and_certificate(tmp_path, "hooks.test")


@pytest.fixture
def tls_receiver(tls_files):
    with Receiver(tls=(tls_files["server"], tls_files["server-key"]), hostname="hooks.test") as r:
        yield r


def subscribe(place, admin, url):
    return subscription_create(
        place=place,
        actor=admin,
        name="Council CRM",
        url=url,
        events=["organisations.organisation.create"],
    )


def an_event(place, admin):
    organisation_create(place=place, actor=admin, name="Chiltern Foodbank", kind="cio")


@pytest.mark.parametrize(
    "host",
    [
        "[64:ff9b::7f00:1]",  # NAT64 of 127.0.0.1
        "[64:ff9b::a00:1]",  # NAT64 of 10.0.0.1
        "[64:ff9b:1::7f00:1]",  # the local-use NAT64 prefix
        "[2002:7f00:1::]",  # 6to4 of 127.0.0.1
        "[2002:a9fe:a9fe::]",  # 6to4 of 169.254.169.254, the cloud metadata address
        "[::127.0.0.1]",  # IPv4-compatible 127.0.0.1
        "[::ffff:127.0.0.1]",  # IPv4-mapped
        "[::ffff:0:7f00:1]",  # IPv4-translated
        "[2001:0:4136:e378:8000:63bf:80ff:fffe]",  # Teredo, client 127.0.0.1
        "[fe80::1]",  # link-local
        "[fec0::1]",  # site-local
        "[fc00::1]",  # unique local
        "[ff02::1]",  # multicast
        "[::]",
        "[::1]",
        "0.0.0.0",  # noqa: S104 - an address to refuse, not one to bind
        "224.0.0.1",  # multicast
        "239.255.255.250",
        "100.64.0.1",  # shared address space (carrier-grade NAT)
        "169.254.169.254",
        "240.0.0.1",  # reserved
        "127.0.0.1",
    ],
)
def test_every_spelling_of_an_inside_address_is_refused(bucks, admin, settings, host):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(RuleViolation) as excinfo:
        subscribe(bucks, admin, f"https://{host}/hooks")
    assert excinfo.value.message_dict["url"] == [
        "The address points into a private network, which is not allowed."
    ]


def test_numeric_spellings_of_an_address_are_not_addresses(bucks, admin, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    for host in ["2130706433", "0x7f.1", "017700000001"]:  # 127.0.0.1 in disguise
        with pytest.raises(RuleViolation) as excinfo:
            subscribe(bucks, admin, f"https://{host}/hooks")
        assert excinfo.value.message_dict["url"] == ["Enter a valid URL."]


def test_a_name_with_one_inside_address_among_public_ones_is_refused(
    bucks, admin, settings, resolver
):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    resolver.answers["public.test"] = PUBLIC
    subscribe(bucks, admin, "https://public.test/hooks")  # accepted

    resolver.answers["mixed.test"] = "64:ff9b::7f00:1"
    with pytest.raises(RuleViolation) as excinfo:
        subscribe(bucks, admin, "https://mixed.test/hooks")
    assert "private network" in excinfo.value.message_dict["url"][0]


def test_the_api_refuses_a_nat64_loopback_address_with_a_field_error(bucks, admin, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    _row, key = partner_key_create(
        place=bucks, actor=admin, name="CRM", scopes=["read", "write:webhooks"]
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    response = api.post(
        "/api/v1/places/buckinghamshire/webhooks/",
        {
            "name": "CRM",
            "url": "https://[2002:7f00:1::]/h",
            "events": ["organisations.organisation.create"],
        },
        format="json",
    )
    assert response.status_code == 400
    assert error_of(response)["fields"]["url"] == [
        "The address points into a private network, which is not allowed."
    ]


def test_the_browser_form_refuses_an_ipv4_compatible_loopback_address(
    client, bucks, admin, settings
):
    from django.urls import reverse

    settings.WEBHOOKS_ALLOW_PRIVATE = False
    client.force_login(admin)
    response = client.post(
        reverse("places:webhooks:create", kwargs={"place_slug": bucks.slug}),
        {
            "name": "CRM",
            "url": "https://[::127.0.0.1]/h",
            "events": ["organisations.organisation.create"],
        },
    )
    assert response.status_code == 200
    assert "The address points into a private network" in response.content.decode()


def test_a_name_that_rebinds_to_loopback_after_the_check_is_never_connected_to(
    bucks, admin, settings, resolver, tls_receiver, tls_files
):
    """The check sees a public address; a second lookup would give 127.0.0.1, the receiver."""
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    settings.WEBHOOKS_CA_BUNDLE = str(tls_files["ca"])
    resolver.answers["hooks.test"] = PUBLIC
    subscribe(bucks, admin, tls_receiver.url)
    an_event(bucks, admin)
    resolver.answers["hooks.test"] = [PUBLIC, "127.0.0.1"]

    assert delivery.deliver_webhooks(place_ids=[bucks.pk]) == {"retry": 1}

    assert tls_receiver.server_names == [] and tls_receiver.received == []
    row = WebhookDelivery.objects.for_place(bucks).get()
    assert row.status == DeliveryStatus.PENDING and "ConnectionError" in row.last_error
    assert PUBLIC in row.last_error  # it tried the address it checked, and only that


def test_a_delivery_is_pinned_yet_presents_the_name_for_tls_and_host(
    bucks, admin, settings, resolver, tls_receiver, tls_files
):
    settings.WEBHOOKS_CA_BUNDLE = str(tls_files["ca"])
    resolver.answers["hooks.test"] = ["127.0.0.1", "127.0.0.2"]  # a second lookup goes nowhere
    subscribe(bucks, admin, tls_receiver.url)
    an_event(bucks, admin)

    assert delivery.deliver_webhooks(place_ids=[bucks.pk]) == {"delivered": 1}

    assert tls_receiver.server_names == ["hooks.test"]
    ((headers, _body),) = tls_receiver.received
    port = tls_receiver.server.server_port
    assert headers["Host"] == f"hooks.test:{port}"
    assert resolver.asked == ["hooks.test"]  # resolved once, for the check, and connected there


def test_the_certificate_must_be_for_the_name_not_the_pinned_address(
    bucks, admin, settings, resolver, tls_receiver, tls_files
):
    settings.WEBHOOKS_CA_BUNDLE = str(tls_files["ca"])
    resolver.answers["other.test"] = "127.0.0.1"
    port = tls_receiver.server.server_port
    subscribe(bucks, admin, f"https://other.test:{port}/hooks/inplace")
    an_event(bucks, admin)

    assert delivery.deliver_webhooks(place_ids=[bucks.pk]) == {"retry": 1}

    assert tls_receiver.received == []
    row = WebhookDelivery.objects.for_place(bucks).get()
    assert "SSLError" in row.last_error and "other.test" in row.last_error


def test_a_redirect_is_a_failed_delivery_and_is_not_followed(bucks, admin):
    with Receiver() as receiver:
        subscribe(bucks, admin, receiver.url)
        an_event(bucks, admin)
        receiver.answers = [307]

        assert delivery.deliver_webhooks(place_ids=[bucks.pk]) == {"retry": 1}

        assert len(receiver.received) == 1  # the redirect's target was not asked
    row = WebhookDelivery.objects.for_place(bucks).get()
    assert row.last_status_code == 307 and "The receiver answered 307." in row.last_error
